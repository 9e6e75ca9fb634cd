import type { PodLiveState } from '@dyploma/plugin-dyploma-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { age } from '../../lib/format';
import { againstRequest, cpu, memory } from '../../lib/units';

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
          <TableCell>Version</TableCell>
          <TableCell>Node</TableCell>
          <TableCell>Phase</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Restarts</TableCell>
          <TableCell>Age</TableCell>
          <TableCell>CPU / request</TableCell>
          <TableCell>Memory / request</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.pods.map(pod => (
          <TableRow key={pod.name}>
            <TableCell>{pod.name}</TableCell>
            <TableCell>{pod.version ?? '—'}</TableCell>
            <TableCell>{pod.node ?? '—'}</TableCell>
            <TableCell>
              {pod.phase}
              {pod.waiting ? ` (${pod.waiting})` : ''}
            </TableCell>
            <TableCell>{pod.ready ? 'yes' : 'no'}</TableCell>
            <TableCell>{pod.restarts}</TableCell>
            <TableCell>{age(pod.startedAt)}</TableCell>
            <TableCell>
              {againstRequest(pod.cpu.usage, pod.cpu.request, cpu)}
            </TableCell>
            <TableCell>
              {againstRequest(pod.memory.usage, pod.memory.request, memory)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
