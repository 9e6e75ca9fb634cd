import type { PodLiveState } from '@dyploma/plugin-dyploma-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { age } from '../../lib/format';
import { againstRequest, cpu, memory } from '../../lib/units';

// The theme breaks table words anywhere ("Runnin g", "Read y" at 1280 px wide): the
// headers and the short values keep to one line; the pod and node names may wrap.
const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** The pods of a service in one cluster. */
export function PodsTable(props: { cluster: string; pods: PodLiveState[] }) {
  if (props.pods.length === 0) {
    return <Typography variant="body2">No pods in {props.cluster}.</Typography>;
  }
  return (
    <Table size="small" aria-label={`pods in ${props.cluster}`}>
      <TableHead>
        <TableRow>
          <TableCell>Pod</TableCell>
          <TableCell style={NOWRAP}>Version</TableCell>
          <TableCell>Node</TableCell>
          <TableCell style={NOWRAP}>Phase</TableCell>
          <TableCell style={NOWRAP}>Ready</TableCell>
          <TableCell style={NOWRAP}>Restarts</TableCell>
          <TableCell style={NOWRAP}>Age</TableCell>
          <TableCell style={NOWRAP}>CPU / request</TableCell>
          <TableCell style={NOWRAP}>Memory / request</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.pods.map(pod => (
          <TableRow key={pod.name}>
            <TableCell>{pod.name}</TableCell>
            <TableCell style={NOWRAP}>{pod.version ?? '—'}</TableCell>
            <TableCell>{pod.node ?? '—'}</TableCell>
            <TableCell style={NOWRAP}>
              {pod.phase}
              {pod.waiting ? ` (${pod.waiting})` : ''}
            </TableCell>
            <TableCell style={NOWRAP}>{pod.ready ? 'yes' : 'no'}</TableCell>
            <TableCell>{pod.restarts}</TableCell>
            <TableCell style={NOWRAP}>{age(pod.startedAt)}</TableCell>
            <TableCell style={NOWRAP}>
              {againstRequest(pod.cpu.usage, pod.cpu.request, cpu)}
            </TableCell>
            <TableCell style={NOWRAP}>
              {againstRequest(pod.memory.usage, pod.memory.request, memory)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
