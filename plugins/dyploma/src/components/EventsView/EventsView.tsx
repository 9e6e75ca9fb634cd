import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dyplomaApiRef, ServiceName } from '../../api';
import { formatTime, showValue } from '../../lib/format';
import { NotAvailable } from '../NotAvailable';

type Row = Record<string, unknown>;

function rowsOf(answer: unknown): Row[] {
  const list = Array.isArray(answer)
    ? answer
    : (answer as { items?: unknown })?.items;
  return Array.isArray(list)
    ? list.filter((r): r is Row => !!r && typeof r === 'object')
    : [];
}

const text = (v: unknown) => (v === undefined ? '' : showValue(v));

/** Every event of the service's objects in an environment, filterable. */
export function EventsView(props: {
  service: ServiceName;
  environment: string;
}) {
  const { service, environment } = props;
  const api = useApi(dyplomaApiRef);
  const [filter, setFilter] = useState('');
  const events = useAsync(
    () => api.getEvents(service, environment),
    [api, service.namespace, service.name, environment],
  );
  if (events.loading) return <Progress />;
  if (events.error) return <NotAvailable what="Events" error={events.error} />;
  const needle = filter.trim().toLocaleLowerCase('en-US');
  const rows = rowsOf(events.value).filter(
    r =>
      !needle || JSON.stringify(r).toLocaleLowerCase('en-US').includes(needle),
  );
  return (
    <>
      <TextField
        id={`dyploma-events-${environment}-filter`}
        label="Filter events"
        value={filter}
        onChange={e => setFilter(e.target.value)}
        margin="dense"
      />
      {rows.length === 0 ? (
        <Typography variant="body2">
          No events{needle ? ' match' : ''}.
        </Typography>
      ) : (
        <Table size="small" aria-label={`events in ${environment}`}>
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Cluster</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell>Object</TableCell>
              <TableCell>Message</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r, i) => (
              <TableRow key={i}>
                <TableCell>
                  {formatTime(
                    (r.lastTimestamp ?? r.eventTime ?? r.createdAt) as string,
                  )}
                </TableCell>
                <TableCell>{text(r.cluster)}</TableCell>
                <TableCell>{text(r.type)}</TableCell>
                <TableCell>{text(r.reason)}</TableCell>
                <TableCell>{text(r.object ?? r.involvedObject)}</TableCell>
                <TableCell>{text(r.message ?? r.note)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
