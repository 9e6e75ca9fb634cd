import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';

/** Says that the numbers are backfilled from kube-sim's usage model, not measured. */
export function DemoDataChip(props: { demo: boolean }) {
  if (!props.demo) return null;
  return (
    <Tooltip title="Backfilled from the simulator's usage model, not measured">
      <Chip size="small" label="demo data" color="secondary" />
    </Tooltip>
  );
}
