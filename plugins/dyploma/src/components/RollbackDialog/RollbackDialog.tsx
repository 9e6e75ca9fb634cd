import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Order,
  parseOrderRequest,
  ServiceEnvironmentStatus,
} from '@dyploma/plugin-dyploma-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  activeOrderOf,
  dyplomaApiRef,
  errorMessage,
  problemsOf,
  ServiceName,
} from '../../api';
import { formatTime, shortRef } from '../../lib/format';
import { specOf } from '../../lib/releaseSpec';
import { ActiveOrderNotice } from '../OrderDialog';
import { ReleaseDiffTable } from '../ReleaseDiffTable';

/** Pick an earlier release, see what would change, say why, roll back. */
export function RollbackDialog(props: {
  service: ServiceName;
  environment: ServiceEnvironmentStatus;
  onClose: () => void;
  onCreated: (order: Order) => void;
}) {
  const { service, environment, onClose, onCreated } = props;
  const api = useApi(dyplomaApiRef);
  const current = environment.release?.revision ?? 0;
  const [target, setTarget] = useState<number>();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [conflict, setConflict] = useState<Order>();
  const [submitting, setSubmitting] = useState(false);
  const titleId = `dyploma-rollback-${environment.name}-title`;

  const releases = useAsync(
    () => api.listReleases(service, environment.name, { limit: 50 }),
    [api, service.namespace, service.name, environment.name],
  );
  const diff = useAsync(async () => {
    if (target === undefined) return undefined;
    return api.diffReleases(service, environment.name, current, target);
  }, [api, target, current]);

  const submit = async () => {
    const body = {
      kind: 'rollback',
      environment: environment.name,
      ...(target !== undefined && { toRevision: target }),
      ...(reason.trim() && { reason: reason.trim() }),
    };
    const parsed = parseOrderRequest(body);
    const next: Record<string, string> = {};
    if (!parsed.ok)
      parsed.problems.forEach(p => (next[p.path || 'form'] = p.text));
    if (target === undefined)
      next.toRevision = 'pick the release to roll back to';
    if (environment.requireReason && !reason.trim()) {
      next.reason = `required: orders in ${environment.name} must say why`;
    }
    setErrors(next);
    if (!parsed.ok || Object.keys(next).length > 0) return;
    setSubmitting(true);
    setFailure(undefined);
    try {
      onCreated(await api.createOrder(service, parsed.value));
    } catch (e) {
      const running = activeOrderOf(e);
      if (running) setConflict(running);
      const problems = problemsOf(e);
      if (problems.length) {
        setErrors(
          Object.fromEntries(problems.map(p => [p.path || 'form', p.text])),
        );
      } else if (!running) setFailure(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const choices = (releases.value?.items ?? []).filter(
    r => r.revision !== current,
  );
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id={titleId}>Roll back {environment.name}</DialogTitle>
      <DialogContent>
        {conflict && (
          <ActiveOrderNotice
            order={conflict}
            onFollow={() => onCreated(conflict)}
          />
        )}
        {failure && <Alert severity="error">{failure}</Alert>}
        {errors.form && <Alert severity="error">{errors.form}</Alert>}
        {releases.loading && <Progress />}
        {releases.error && (
          <Alert severity="error">{errorMessage(releases.error)}</Alert>
        )}
        {releases.value && (
          <TextField
            id={`dyploma-rollback-${environment.name}-release`}
            select
            label="Release to roll back to"
            fullWidth
            margin="normal"
            value={target ?? ''}
            onChange={e => setTarget(Number(e.target.value))}
            error={!!errors.toRevision}
            helperText={
              errors.toRevision ??
              `Now release ${current}; a rollback makes a new release equal to the one you pick`
            }
          >
            {choices.map(r => (
              <MenuItem key={r.revision} value={r.revision}>
                Release {r.revision}: {specOf(r).version ?? '?'} ×{' '}
                {specOf(r).replicas ?? '?'} — {shortRef(r.author)},{' '}
                {formatTime(r.createdAt)}
                {r.reason ? ` (${r.reason})` : ''}
              </MenuItem>
            ))}
          </TextField>
        )}
        {diff.loading && <Progress />}
        {diff.error && (
          <Alert severity="error">{errorMessage(diff.error)}</Alert>
        )}
        {diff.value && (
          <ReleaseDiffTable
            from={diff.value.from}
            to={diff.value.to}
            changes={diff.value.changes}
          />
        )}
        <TextField
          id={`dyploma-rollback-${environment.name}-reason`}
          label="Reason"
          fullWidth
          multiline
          margin="normal"
          required={environment.requireReason}
          value={reason}
          onChange={e => setReason(e.target.value)}
          error={!!errors.reason}
          helperText={errors.reason ?? 'The history shows it'}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={submitting || target === undefined || !diff.value}
          onClick={submit}
        >
          {target === undefined
            ? 'Roll back'
            : `Roll back ${environment.name} to release ${target}`}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
