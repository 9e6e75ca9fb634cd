import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dyplomaApiRef, ServiceName } from '../../api';
import { formatTime, shortRef } from '../../lib/format';
import { specOf } from '../../lib/releaseSpec';
import { DiffDialog } from '../DiffDialog';

// The theme breaks table words anywhere; short values keep to one line.
const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** Releases of one environment, newest first; older pages with `before`. */
export function ReleaseHistory(props: {
  service: ServiceName;
  environment: string;
  pageSize?: number;
  refreshKey?: string;
}) {
  const { service, environment } = props;
  const api = useApi(dyplomaApiRef);
  const [cursors, setCursors] = useState<Array<number | undefined>>([
    undefined,
  ]);
  const [diff, setDiff] = useState<number>();
  const before = cursors[cursors.length - 1];
  const page = useAsync(
    () =>
      api.listReleases(service, environment, {
        limit: props.pageSize ?? 10,
        before,
      }),
    [
      api,
      service.namespace,
      service.name,
      environment,
      before,
      props.refreshKey,
    ],
  );
  if (page.error) return <ResponseErrorPanel error={page.error} />;
  if (!page.value) return <Progress />;
  if (page.value.items.length === 0) {
    return (
      <Typography variant="body2">No releases in {environment} yet.</Typography>
    );
  }
  const { items, nextBefore } = page.value;
  return (
    <>
      <Table size="small" aria-label={`releases in ${environment}`}>
        <TableHead>
          <TableRow>
            <TableCell style={NOWRAP}>Release</TableCell>
            <TableCell style={NOWRAP}>Version</TableCell>
            <TableCell>Replicas</TableCell>
            <TableCell style={NOWRAP}>Who</TableCell>
            <TableCell style={NOWRAP}>When</TableCell>
            <TableCell>Why</TableCell>
            <TableCell>Diff</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(release => {
            const spec = specOf(release);
            return (
              <TableRow key={release.revision}>
                <TableCell>{release.revision}</TableCell>
                <TableCell style={NOWRAP}>{spec.version}</TableCell>
                <TableCell>
                  {spec.enabled === false
                    ? `0 (disabled, ${spec.replicas})`
                    : spec.replicas}
                </TableCell>
                <TableCell style={NOWRAP}>{shortRef(release.author)}</TableCell>
                <TableCell style={NOWRAP}>
                  {formatTime(release.createdAt)}
                </TableCell>
                <TableCell>{release.reason ?? ''}</TableCell>
                <TableCell>
                  {release.revision > 1 && (
                    <Button
                      size="small"
                      aria-label={`diff of release ${release.revision} in ${environment}`}
                      onClick={() => setDiff(release.revision)}
                    >
                      Diff
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Button
        disabled={cursors.length < 2}
        onClick={() => setCursors(c => c.slice(0, -1))}
      >
        Newer
      </Button>
      <Button
        disabled={nextBefore === undefined}
        onClick={() => setCursors(c => [...c, nextBefore])}
      >
        Older
      </Button>
      {diff !== undefined && (
        <DiffDialog
          service={service}
          environment={environment}
          revision={diff}
          onClose={() => setDiff(undefined)}
        />
      )}
    </>
  );
}
