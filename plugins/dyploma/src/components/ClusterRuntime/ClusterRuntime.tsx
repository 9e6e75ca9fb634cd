import type {
  ClusterLiveState,
  EnvironmentCluster,
} from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { formatTime } from '../../lib/format';
import { PodsTable } from '../PodsTable';

/**
 * What runs in one cluster. An unreachable cluster keeps showing its last known
 * state, under a banner saying since when.
 */
export function ClusterRuntime(props: {
  cluster: EnvironmentCluster;
  live?: ClusterLiveState;
}) {
  const { cluster, live } = props;
  const label = `${cluster.name} (${cluster.datacenter})`;
  const deployment = live?.deployment;
  return (
    <Box component="section" aria-label={label} mb={3}>
      <Typography variant="h6" component="h3">
        {label}
        {live && (
          <Typography component="span" variant="body2" color="textSecondary">
            {' '}
            · {live.health}
          </Typography>
        )}
      </Typography>
      {!live && (
        <Alert severity="info">
          No live state from {label} yet: the platform has not heard from it.
        </Alert>
      )}
      {live?.health === 'down' && (
        <Alert severity="error" role="alert">
          {label} is unreachable. Showing its last known state
          {live.lastSeen
            ? `, from ${formatTime(live.lastSeen)}`
            : ' (never seen since the portal started)'}
          .
        </Alert>
      )}
      {live?.health === 'degraded' && (
        <Alert severity="warning">
          {label} answers only in part; some of this may be out of date
          {live.lastSeen ? ` (last heard ${formatTime(live.lastSeen)})` : ''}.
        </Alert>
      )}
      {deployment && (
        <Typography variant="body2" paragraph>
          Deployment {deployment.name}: version {deployment.version ?? '?'},
          ready {deployment.ready}/{deployment.desired}, updated{' '}
          {deployment.updated}/{deployment.desired}
          {live?.autoscaler &&
            ` · autoscaled ${live.autoscaler.min}–${live.autoscaler.max}, now ${live.autoscaler.current}`}
        </Typography>
      )}
      {live && <PodsTable cluster={cluster.name} pods={live.pods} />}
    </Box>
  );
}
