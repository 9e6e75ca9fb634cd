import type { EffectiveResult } from '@dyploma/plugin-dyploma-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { showValue } from '../../lib/format';

function valueAt(root: unknown, path: string): unknown {
  let value = root;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The model in effect in an environment, and where each value came from. */
export function EffectiveModelView(props: {
  environment: string;
  effective?: EffectiveResult;
}) {
  const { effective } = props;
  if (!effective) {
    return (
      <Typography variant="body2">
        No effective model for {props.environment}: the service's model has
        problems.
      </Typography>
    );
  }
  const paths = Object.keys(effective.provenance).sort();
  return (
    <Table size="small" aria-label={`effective model in ${props.environment}`}>
      <TableHead>
        <TableRow>
          <TableCell>Value</TableCell>
          <TableCell>Is</TableCell>
          <TableCell>Source</TableCell>
          <TableCell>From</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {paths.map(path => (
          <TableRow key={path}>
            <TableCell>{path}</TableCell>
            <TableCell>{showValue(valueAt(effective.model, path))}</TableCell>
            <TableCell>{effective.provenance[path].source}</TableCell>
            <TableCell>{effective.provenance[path].from}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
