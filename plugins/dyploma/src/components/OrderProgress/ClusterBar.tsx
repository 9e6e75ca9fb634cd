import type { OrderTarget } from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';

function percent(part: number | undefined, whole: number | undefined) {
  if (!whole) return part === undefined ? 0 : 100;
  return Math.min(100, Math.round(((part ?? 0) / whole) * 100));
}

/** One cluster's rollout: updated/ready/available against desired, and why it failed. */
export function ClusterBar(props: {
  target: OrderTarget;
  datacenter?: string;
}) {
  const { target, datacenter } = props;
  const label = `${target.cluster}${datacenter ? ` (${datacenter})` : ''}`;
  const desired = target.desired;
  const value =
    target.status === 'succeeded' ? 100 : percent(target.updated, desired);
  const failed = target.status === 'failed' || target.status === 'rolled-back';
  return (
    <Box mb={1.5}>
      <Box display="flex" justifyContent="space-between">
        <Typography variant="body2">
          <strong>{label}</strong> · {target.status}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {desired === undefined
            ? 'waiting'
            : `updated ${target.updated ?? 0}/${desired} · ready ${
                target.ready ?? 0
              }/${desired}`}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={value}
        color={failed ? 'secondary' : 'primary'}
        aria-label={`${label} updated`}
      />
      {target.message && (
        <Typography
          variant="body2"
          color={failed ? 'error' : 'textSecondary'}
          role={failed ? 'alert' : undefined}
        >
          {target.message}
        </Typography>
      )}
    </Box>
  );
}
