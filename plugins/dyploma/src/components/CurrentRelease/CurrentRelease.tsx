import type { ServiceEnvironmentStatus } from '@dyploma/plugin-dyploma-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { formatTime, shortRef } from '../../lib/format';
import { specOf } from '../../lib/releaseSpec';

/** The release in effect: version, replicas per cluster, who, when, why. */
export function CurrentRelease(props: {
  environment: ServiceEnvironmentStatus;
}) {
  const { environment } = props;
  const release = environment.release;
  if (!release) return null;
  const spec = specOf(release);
  return (
    <div>
      <Typography variant="h6" component="p">
        {spec.version ?? 'unknown version'}{' '}
        {spec.enabled === false && (
          <Chip size="small" label="disabled" color="secondary" />
        )}
      </Typography>
      <Typography variant="body2">
        Release {release.revision} ·{' '}
        {spec.enabled === false ? 0 : spec.replicas ?? '?'} replicas
        {environment.clusters.length > 0 && ': '}
        {environment.clusters
          .map(
            c =>
              `${c.name} (${c.datacenter}) ${
                spec.enabled === false ? 0 : spec.placement?.[c.name] ?? 0
              }`,
          )
          .join(', ')}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        By {shortRef(release.author)} on {formatTime(release.createdAt)}
        {release.reason ? `: ${release.reason}` : ''}
      </Typography>
    </div>
  );
}
