import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ServiceEvent,
  ServiceEventList,
} from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { dyplomaApiRef, ServiceName } from '../../api';
import { useServiceSignal } from '../../hooks/useServiceSignal';
import { formatTime } from '../../lib/format';
import { NotAvailable } from '../NotAvailable';

/** The answer of the events route (`ServiceEventList`), tolerating an empty body. */
function listOf(answer: unknown): ServiceEventList {
  const list = answer as Partial<ServiceEventList> | undefined;
  return {
    items: Array.isArray(list?.items) ? list!.items : [],
    total: typeof list?.total === 'number' ? list.total : 0,
    clusters: Array.isArray(list?.clusters) ? list!.clusters : [],
  };
}

const matches = (e: ServiceEvent, needle: string) =>
  !needle ||
  [e.cluster, e.reason, e.message, e.involvedObject.kind, e.involvedObject.name]
    .join(' ')
    .toLocaleLowerCase('en-US')
    .includes(needle);

/**
 * Every event of the service's Deployment, ReplicaSets, Pods and HPA in one environment,
 * newest first, from the fleet caches: filter by type or text; read again when an order
 * of the service changes in the environment. A cluster that is down keeps its last known
 * events, and says so.
 */
export function EventsView(props: {
  service: ServiceName;
  environment: string;
}) {
  const { service, environment } = props;
  const api = useApi(dyplomaApiRef);
  const [filter, setFilter] = useState('');
  const [type, setType] = useState('');
  const events = useAsyncRetry(
    async () => listOf(await api.getEvents(service, environment)),
    [api, service.namespace, service.name, environment],
  );
  // An order moving in this environment brings new events: read them again.
  useServiceSignal(service, signal => {
    if (signal.environment === environment && !events.loading) events.retry();
  });
  if (events.loading && !events.value) return <Progress />;
  if (events.error) return <NotAvailable what="Events" error={events.error} />;
  const { items, clusters } = events.value!;
  const needle = filter.trim().toLocaleLowerCase('en-US');
  const rows = items.filter(
    e => (!type || e.type === type) && matches(e, needle),
  );
  const down = clusters.filter(c => c.health === 'down');
  return (
    <>
      {down.map(c => (
        <Alert severity="warning" key={c.cluster}>
          {c.cluster} ({c.datacenter}) is unreachable: its events are the last
          known{c.lastSeen ? `, from ${formatTime(c.lastSeen)}` : ''}.
        </Alert>
      ))}
      <Box display="flex" style={{ gap: 16 }}>
        <TextField
          id={`dyploma-events-${environment}-type`}
          select
          label="Type"
          value={type}
          onChange={e => setType(e.target.value)}
          margin="dense"
          style={{ minWidth: 140 }}
        >
          <MenuItem value="">All</MenuItem>
          <MenuItem value="Normal">Normal</MenuItem>
          <MenuItem value="Warning">Warning</MenuItem>
        </TextField>
        <TextField
          id={`dyploma-events-${environment}-filter`}
          label="Filter events"
          value={filter}
          onChange={e => setFilter(e.target.value)}
          margin="dense"
        />
      </Box>
      {rows.length === 0 ? (
        <Typography variant="body2">
          No events{needle || type ? ' match' : ''}.
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
              <TableCell align="right">Count</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((e, i) => (
              <TableRow key={i}>
                <TableCell>
                  {e.lastTimestamp ? formatTime(e.lastTimestamp) : '—'}
                </TableCell>
                <TableCell>
                  {e.cluster} ({e.datacenter})
                </TableCell>
                <TableCell>{e.type}</TableCell>
                <TableCell>{e.reason ?? '—'}</TableCell>
                <TableCell>
                  {e.involvedObject.kind} {e.involvedObject.name}
                </TableCell>
                <TableCell>{e.message ?? ''}</TableCell>
                <TableCell align="right">{e.count}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
