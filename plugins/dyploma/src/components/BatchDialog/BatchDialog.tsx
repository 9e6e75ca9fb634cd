/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { useApi } from '@backstage/core-plugin-api';
import {
  BATCH_ACTION_KINDS,
  Batch,
  BatchActionKind,
  BatchPreview,
  BatchSelect,
  FleetEnvironment,
} from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import { dyplomaApiRef, errorMessage, problemsOf } from '../../api';
import {
  ACTION_LABELS,
  ACTION_VERBS,
  BatchFormValues,
  checkRequest,
  fieldErrors,
  needsReason,
  newIdempotencyKey,
  planKey,
  requestOf,
} from './batchForm';
import { PreviewList, previewSummary } from './PreviewList';

const TITLE_ID = 'dyploma-batch-dialog-title';

/**
 * A batch operation on the services picked on the fleet page: the action, the
 * environment and the reason; then a preview of exactly what each service's order would
 * change (and which services the user may not touch: skip them or refuse the whole
 * batch); nothing is ordered until the preview is confirmed.
 */
export function BatchDialog(props: {
  select: BatchSelect;
  /** "3 services", "every service matching the filter". */
  selectionLabel: string;
  /** The configured environments (`GET /fleet`): which need a reason, their clusters. */
  environments: FleetEnvironment[];
  defaultEnvironment?: string;
  onClose: () => void;
  onCreated: (batch: Batch) => void;
}) {
  const { select, selectionLabel, environments, onClose, onCreated } = props;
  const api = useApi(dyplomaApiRef);
  const [values, setValues] = useState<BatchFormValues>({
    action: 'restart',
    scaleBy: 'replicas',
    amount: '',
    environment: props.defaultEnvironment ?? environments[0]?.name ?? '',
    reason: '',
    onForbidden: 'skip',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [learned, setLearned] = useState<ReadonlySet<string>>(new Set());
  const [preview, setPreview] = useState<BatchPreview>();
  const [previewed, setPreviewed] = useState<{ key: string; id: string }>();
  const [busy, setBusy] = useState<'preview' | 'create'>();
  const [failure, setFailure] = useState<string>();

  const request = useMemo(() => requestOf(values, select), [values, select]);
  const environment = environments.find(e => e.name === values.environment);
  const reasonRequired = needsReason(environment, learned);
  const missingReason = reasonRequired && !values.reason.trim();
  const current = previewed?.key === planKey(request);
  const forbidden = preview?.summary.forbidden ?? 0;
  const wouldRefuse = values.onForbidden === 'refuse' && forbidden > 0;
  const toOrder = preview
    ? preview.summary.change + preview.summary['no-change']
    : 0;
  const verb = ACTION_VERBS[values.action];

  const set = (change: Partial<BatchFormValues>) => {
    setValues(v => ({ ...v, ...change }));
    setErrors(e => {
      const next = { ...e };
      for (const k of Object.keys(change)) delete next[k];
      if ('action' in change || 'scaleBy' in change) delete next.amount;
      return next;
    });
  };

  /** Maps an API refusal onto the form; a missing reason teaches the form. */
  const showRefusal = (e: unknown) => {
    const problems = problemsOf(e);
    if (problems.some(p => p.path === 'reason')) {
      setLearned(l => new Set([...l, values.environment]));
    }
    if (problems.length > 0) {
      const { form, ...fields } = fieldErrors(problems);
      setErrors(fields);
      if (form) setFailure(form);
    } else {
      setFailure(errorMessage(e));
    }
  };

  const runPreview = async () => {
    setFailure(undefined);
    const { form, ...problems } = checkRequest(request);
    if (missingReason) {
      problems.reason = `required: orders in ${values.environment} must say why`;
    }
    setErrors(problems);
    if (form) setFailure(form);
    if (form || Object.keys(problems).length > 0) return;
    setBusy('preview');
    try {
      const answer = await api.previewBatch(request);
      setPreview(answer);
      setPreviewed({ key: planKey(request), id: newIdempotencyKey() });
    } catch (e) {
      setPreview(undefined);
      setPreviewed(undefined);
      showRefusal(e);
    } finally {
      setBusy(undefined);
    }
  };

  const confirm = async () => {
    if (!previewed) return;
    setFailure(undefined);
    setBusy('create');
    try {
      onCreated(
        await api.createBatch({ ...request, idempotencyKey: previewed.id }),
      );
    } catch (e) {
      showRefusal(e);
    } finally {
      setBusy(undefined);
    }
  };

  const canConfirm =
    !!preview &&
    current &&
    !wouldRefuse &&
    toOrder > 0 &&
    !missingReason &&
    busy === undefined;

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={TITLE_ID}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={TITLE_ID}>
        Batch operation on {selectionLabel}
      </DialogTitle>
      <DialogContent>
        <Box
          component="form"
          display="flex"
          flexWrap="wrap"
          style={{ gap: 16 }}
          mb={2}
          onSubmit={e => {
            e.preventDefault();
            runPreview();
          }}
        >
          <TextField
            select
            id="dyploma-batch-action"
            label="Action"
            value={values.action}
            onChange={e => set({ action: e.target.value as BatchActionKind })}
            SelectProps={{ native: true }}
            variant="outlined"
            size="small"
          >
            {BATCH_ACTION_KINDS.map(k => (
              <option key={k} value={k}>
                {ACTION_LABELS[k]}
              </option>
            ))}
          </TextField>
          {values.action === 'scale' && (
            <>
              <TextField
                select
                id="dyploma-batch-scale-by"
                label="Scale"
                value={values.scaleBy}
                onChange={e =>
                  set({ scaleBy: e.target.value as 'replicas' | 'factor' })
                }
                SelectProps={{ native: true }}
                variant="outlined"
                size="small"
              >
                <option value="replicas">to a number of replicas</option>
                <option value="factor">by a factor (× current)</option>
              </TextField>
              <TextField
                id="dyploma-batch-amount"
                label={values.scaleBy === 'replicas' ? 'Replicas' : 'Factor'}
                value={values.amount}
                onChange={e => set({ amount: e.target.value })}
                inputProps={{ inputMode: 'decimal' }}
                error={!!errors.amount}
                helperText={
                  errors.amount ??
                  (values.scaleBy === 'factor'
                    ? '2 doubles, 0.5 halves each service'
                    : 'in the whole environment, per service')
                }
                variant="outlined"
                size="small"
                required
              />
            </>
          )}
          <TextField
            select
            id="dyploma-batch-environment"
            label="Environment"
            value={values.environment}
            onChange={e => set({ environment: e.target.value })}
            SelectProps={{ native: true }}
            error={!!errors.environment}
            helperText={
              errors.environment ??
              (environment && environment.clusters.length > 0
                ? environment.clusters
                    .map(c => `${c.name} (${c.datacenter})`)
                    .join(', ')
                : undefined)
            }
            variant="outlined"
            size="small"
          >
            {environments.map(env => (
              <option key={env.name} value={env.name}>
                {env.name}
              </option>
            ))}
          </TextField>
          <TextField
            id="dyploma-batch-reason"
            label="Reason"
            value={values.reason}
            onChange={e => set({ reason: e.target.value })}
            required={reasonRequired}
            error={!!errors.reason}
            helperText={
              errors.reason ??
              (reasonRequired
                ? `required in ${values.environment}; recorded on every order`
                : 'recorded on every order')
            }
            variant="outlined"
            size="small"
            style={{ flex: '1 1 260px' }}
          />
          {/* Enter in a field previews, as the button does. */}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Box>

        {failure && (
          <Alert severity="error" role="alert" style={{ marginBottom: 16 }}>
            {failure}
          </Alert>
        )}

        {preview && (
          <Box component="section" aria-label="Preview">
            <Typography variant="subtitle1" gutterBottom>
              Preview: {previewSummary(preview)}
            </Typography>
            {!current && (
              <Alert severity="info" style={{ marginBottom: 8 }}>
                The action, environment or services changed since this preview:
                preview again before confirming.
              </Alert>
            )}
            {forbidden > 0 && (
              <FormControl component="fieldset" style={{ marginBottom: 8 }}>
                <FormLabel component="legend">
                  You may not touch {forbidden} of these services
                </FormLabel>
                <RadioGroup
                  row
                  aria-label="Services you may not touch"
                  value={values.onForbidden}
                  onChange={e =>
                    set({ onForbidden: e.target.value as 'skip' | 'refuse' })
                  }
                >
                  <FormControlLabel
                    value="skip"
                    control={<Radio />}
                    label="Skip them, order the others"
                  />
                  <FormControlLabel
                    value="refuse"
                    control={<Radio />}
                    label="Refuse the whole batch"
                  />
                </RadioGroup>
              </FormControl>
            )}
            {wouldRefuse && (
              <Alert severity="warning" style={{ marginBottom: 8 }}>
                The whole batch is refused while it includes services you may
                not touch: nothing will be ordered. Choose to skip them, or
                change the selection.
              </Alert>
            )}
            {toOrder === 0 && (
              <Alert severity="warning" style={{ marginBottom: 8 }}>
                No service can be ordered: see why below.
              </Alert>
            )}
            <PreviewList preview={preview} />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          onClick={runPreview}
          disabled={busy !== undefined}
          variant={preview && current ? 'text' : 'contained'}
          color="primary"
        >
          {preview ? 'Preview again' : 'Preview'}
        </Button>
        <Button
          onClick={confirm}
          disabled={!canConfirm}
          variant="contained"
          color="primary"
        >
          {busy === 'create'
            ? 'Ordering…'
            : `${verb} ${toOrder} service${toOrder === 1 ? '' : 's'} in ${
                values.environment
              }`}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
