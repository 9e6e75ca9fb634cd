import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useServiceStatus } from '../../hooks';
import { hasDyplomaModel, serviceNameOf } from '../../lib/entity';
import { environmentHealth } from '../../lib/health';
import { describeOrder } from '../../lib/orders';
import { specOf } from '../../lib/releaseSpec';

/** The overview card: version and health per environment at a glance. */
export function DeploymentsCard() {
  const { entity } = useEntity();
  if (!hasDyplomaModel(entity)) {
    return (
      <InfoCard title="Deployments">
        <Typography variant="body2">
          {entity.metadata.name} is not deployed with Dyploma. Add{' '}
          <code>
            spec.dyploma: {'{'} image: registry.example.com/
            {entity.metadata.name} {'}'}
          </code>{' '}
          to its catalog-info.yaml to deploy it from this page.
        </Typography>
      </InfoCard>
    );
  }
  return <DeploymentsTable />;
}

function DeploymentsTable() {
  const { entity } = useEntity();
  const status = useServiceStatus(serviceNameOf(entity));
  return (
    <InfoCard title="Deployments">
      {!status.value && status.error && (
        <ResponseErrorPanel error={status.error} />
      )}
      {!status.value && !status.error && <Progress />}
      {status.value && (
        <Table size="small" aria-label="deployments">
          <TableHead>
            <TableRow>
              <TableCell>Environment</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Ready</TableCell>
              <TableCell>Health</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {status.value.environments.map(env => {
              const health = environmentHealth(env, status.value!.live);
              return (
                <TableRow key={env.name}>
                  <TableCell>{env.name}</TableCell>
                  <TableCell>{specOf(env.release).version ?? '—'}</TableCell>
                  <TableCell>
                    {health.desired > 0
                      ? `${health.ready}/${health.desired}`
                      : '—'}
                  </TableCell>
                  <TableCell>
                    {health.state}
                    {health.detail ? ` (${health.detail})` : ''}
                    {env.activeOrder
                      ? ` · ${describeOrder(env.activeOrder)}`
                      : ''}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
