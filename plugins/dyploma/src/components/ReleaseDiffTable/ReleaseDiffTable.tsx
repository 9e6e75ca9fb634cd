import type { ReleaseChange } from '@dyploma/plugin-dyploma-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { showValue } from '../../lib/format';

/** What changed between two releases, one row per value. */
export function ReleaseDiffTable(props: {
  changes: ReleaseChange[];
  from: number;
  to: number;
}) {
  if (props.changes.length === 0) {
    return (
      <Typography variant="body2">
        Releases {props.from} and {props.to} are the same.
      </Typography>
    );
  }
  return (
    <Table
      size="small"
      aria-label={`changes from release ${props.from} to ${props.to}`}
    >
      <TableHead>
        <TableRow>
          <TableCell>Value</TableCell>
          <TableCell>Release {props.from}</TableCell>
          <TableCell>Release {props.to}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.changes.map(change => (
          <TableRow key={change.path}>
            <TableCell>{change.path}</TableCell>
            <TableCell>{showValue(change.from)}</TableCell>
            <TableCell>{showValue(change.to)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
