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

import { InfoCard, Progress } from '@backstage/core-components';
import type {
  Batch,
  BatchItem,
  BatchItemStatus,
} from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { useBatch } from '../../hooks/useBatch';
import { shortRef } from '../../lib/cost';
import { formatTime } from '../../lib/format';
import { ServiceLink } from '../FleetPage/ServiceLink';
import { BatchSignals } from './BatchSignals';

/** `restart`, `scale to 6`, `scale ×2`. */
export function describeAction(action: Batch['action']): string {
  if (action.kind !== 'scale') return action.kind;
  return 'replicas' in action
    ? `scale to ${action.replicas}`
    : `scale ×${action.factor}`;
}

const STATUS_WORDS: Partial<Record<BatchItemStatus, string>> = {
  'not-started': 'not started',
  'partially-failed': 'partially failed',
  'rolled-back': 'rolled back',
};

function serviceOf(ref: string) {
  const match = /^[^:]+:([^/]+)\/(.+)$/.exec(ref);
  return match
    ? { namespace: match[1], name: match[2] }
    : { namespace: 'default', name: ref };
}

function Targets(props: { item: BatchItem }) {
  const targets = props.item.targets ?? [];
  if (targets.length === 0) return <>—</>;
  return (
    <>
      {targets.map(t => (
        <Typography key={t.cluster} variant="caption" component="div">
          {t.cluster}: {t.status}
          {t.desired !== undefined && ` · ready ${t.ready ?? 0}/${t.desired}`}
        </Typography>
      ))}
    </>
  );
}

/** Counts by where the items are; what the summary line says at the end. */
function summaryParts(batch: Batch): string[] {
  const s = batch.summary;
  const parts: Array<[number, string]> = [
    [s.succeeded, 'succeeded'],
    [s.failed, 'failed'],
    [s.active, 'running'],
    [s.notStarted, 'not started'],
    [s.refused, 'refused'],
    [s.skipped, 'skipped'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`);
}

/**
 * A batch as it runs: one row per service with its own order (status, clusters, a link
 * to the service's Deploy tab), the counts, and a resume for the items that failed,
 * were refused or never started. Read every 2 s while the batch runs, and at once when
 * an order of one of its services signals a change.
 */
export function BatchProgress(props: {
  batchId: string;
  intervalMs?: number;
  onClose?: () => void;
  /** Once each time the batch is seen to end (after running while shown). */
  onFinished?: (batch: Batch) => void;
}) {
  const { batch, error, refresh, resume } = useBatch(props.batchId, {
    intervalMs: props.intervalMs,
    onFinished: props.onFinished,
  });
  const [resuming, setResuming] = useState(false);
  const [resumeError, setResumeError] = useState<string>();

  if (!batch) {
    return (
      <InfoCard title="Batch">
        {error ? (
          <Alert severity="error">
            Could not read batch {props.batchId}: {errorMessage(error)}
          </Alert>
        ) : (
          <Progress />
        )}
      </InfoCard>
    );
  }

  const s = batch.summary;
  const counted = s.total - s.skipped;
  const done = s.succeeded + s.failed + s.refused;
  const resumable = s.failed + s.refused + s.notStarted;
  const running = batch.status === 'running';

  const onResume = async () => {
    setResuming(true);
    setResumeError(undefined);
    try {
      await resume();
    } catch (e) {
      setResumeError(errorMessage(e));
    } finally {
      setResuming(false);
    }
  };

  return (
    <InfoCard
      title={`Batch: ${describeAction(batch.action)} in ${batch.environment}`}
      subheader={`By ${shortRef(batch.author)} on ${formatTime(
        batch.createdAt,
      )}${batch.reason ? `: ${batch.reason}` : ''}`}
      action={
        props.onClose && (
          <Button onClick={props.onClose} aria-label="Close the batch">
            Close
          </Button>
        )
      }
    >
      <Box component="section" aria-label={`batch ${batch.id}`}>
        {running && (
          <BatchSignals items={batch.items ?? []} onSignal={refresh} />
        )}
        <Typography variant="subtitle1" aria-live="polite">
          <strong>
            {STATUS_WORDS[batch.status as BatchItemStatus] ?? batch.status}
          </strong>
          {' · '}
          <span aria-label="summary">
            {summaryParts(batch).join(' · ') || 'no items'}
          </span>
          {` · ${s.total} service${s.total === 1 ? '' : 's'}`}
        </Typography>
        <LinearProgress
          variant="determinate"
          value={counted > 0 ? (100 * done) / counted : 100}
          aria-label="batch progress"
          style={{ margin: '8px 0 16px' }}
        />
        {error && (
          <Alert severity="warning">
            Could not read the batch's progress ({errorMessage(error)}); trying
            again.
          </Alert>
        )}
        {!running && resumable > 0 && (
          <Box display="flex" alignItems="center" style={{ gap: 12 }} mb={2}>
            <Button
              variant="contained"
              color="primary"
              onClick={onResume}
              disabled={resuming}
            >
              Resume {resumable} item{resumable === 1 ? '' : 's'}
            </Button>
            <Typography variant="body2" color="textSecondary">
              Orders again the services that failed, were refused or never
              started; skipped services stay skipped.
            </Typography>
          </Box>
        )}
        {resumeError && <Alert severity="error">{resumeError}</Alert>}
        <Table size="small" aria-label="Batch items">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>Status</TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>Clusters</TableCell>
              <TableCell>What changes</TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>Attempt</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(batch.items ?? []).map(item => (
              <TableRow key={item.service}>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  <ServiceLink service={serviceOf(item.service)} />
                </TableCell>
                <TableCell>
                  <span style={{ whiteSpace: 'nowrap' }}>
                    {STATUS_WORDS[item.status] ?? item.status}
                  </span>
                  {item.error && (
                    <Typography variant="caption" component="div" color="error">
                      {item.error}
                    </Typography>
                  )}
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  <Targets item={item} />
                </TableCell>
                <TableCell>
                  {item.changes.map(c => c.text).join('; ') || '—'}
                </TableCell>
                <TableCell>{item.attempt}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </InfoCard>
  );
}
