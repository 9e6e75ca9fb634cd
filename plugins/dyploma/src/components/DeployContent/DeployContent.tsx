import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '../../api';
import { useServiceStatus } from '../../hooks';
import { hasDyplomaModel, serviceNameOf } from '../../lib/entity';
import { EnvironmentCard } from '../EnvironmentCard';
import { History } from '../History';
import { MissingModel } from '../MissingModel';
import { useVersionsSeen } from './useVersionsSeen';

/** The Deploy tab: every environment of the service, then its history. */
export function DeployContent() {
  const { entity } = useEntity();
  if (!hasDyplomaModel(entity))
    return <MissingModel name={entity.metadata.name} />;
  return <DeployView />;
}

function DeployView() {
  const { entity } = useEntity();
  const service = serviceNameOf(entity);
  const entityRef = stringifyEntityRef(entity);
  const status = useServiceStatus(service);
  const versions = useVersionsSeen(service, status.value);

  if (!status.value) {
    if (status.error) {
      if (/has no Dyploma model/.test(errorMessage(status.error))) {
        return <MissingModel name={entity.metadata.name} />;
      }
      return <ResponseErrorPanel error={status.error} />;
    }
    return <Progress />;
  }
  const { problems, environments } = status.value;
  return (
    <Grid container spacing={3}>
      {problems && problems.length > 0 && (
        <Grid item xs={12}>
          <Alert severity="error">
            The service's model has problems, so no order can be given until
            they are fixed in its catalog-info.yaml:
            <ul>
              {problems.map(p => (
                <li key={p.message}>{p.message}</li>
              ))}
            </ul>
          </Alert>
        </Grid>
      )}
      {status.error && (
        <Grid item xs={12}>
          <Alert severity="warning">
            Could not refresh the status: {errorMessage(status.error)}
          </Alert>
        </Grid>
      )}
      {environments.map(environment => (
        <Grid item xs={12} md={6} key={environment.name}>
          <EnvironmentCard
            service={service}
            entityRef={entityRef}
            environment={environment}
            hasProblems={!!problems?.length}
            versions={versions}
            onChanged={status.retry}
          />
        </Grid>
      ))}
      <Grid item xs={12}>
        <History
          service={service}
          environments={environments.map(e => e.name)}
          refreshKey={environments
            .map(
              e =>
                `${e.release?.revision ?? 0}:${e.activeOrder?.id ?? ''}:${
                  e.activeOrder?.status ?? ''
                }`,
            )
            .join('|')}
        />
      </Grid>
    </Grid>
  );
}
