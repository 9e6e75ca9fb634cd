import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { useEffect } from 'react';
import { errorMessage } from '../../api';
import { useServiceStatus } from '../../hooks';
import { hasDyplomaModel, serviceNameOf } from '../../lib/entity';
import { MissingModel } from '../MissingModel';
import { EnvironmentRuntime } from './EnvironmentRuntime';

/** How often the Runtime tab reads the live state again. */
const REFRESH_MS = 10_000;

/** The Runtime tab: environment → cluster → pods, events, logs, effective model. */
export function RuntimeContent() {
  const { entity } = useEntity();
  if (!hasDyplomaModel(entity))
    return <MissingModel name={entity.metadata.name} />;
  return <RuntimeView />;
}

function RuntimeView() {
  const { entity } = useEntity();
  const service = serviceNameOf(entity);
  const status = useServiceStatus(service);
  const { retry } = status;
  useEffect(() => {
    const timer = setInterval(retry, REFRESH_MS);
    return () => clearInterval(timer);
  }, [retry]);

  if (!status.value) {
    if (status.error) {
      if (/has no Dyploma model/.test(errorMessage(status.error))) {
        return <MissingModel name={entity.metadata.name} />;
      }
      return <ResponseErrorPanel error={status.error} />;
    }
    return <Progress />;
  }
  return (
    <Grid container spacing={3}>
      {status.error && (
        <Grid item xs={12}>
          <Alert severity="warning">
            Could not refresh the live state ({errorMessage(status.error)});
            showing what was read before.
          </Alert>
        </Grid>
      )}
      {status.value.environments.map(environment => (
        <Grid item xs={12} key={environment.name}>
          <EnvironmentRuntime
            service={service}
            environment={environment}
            live={status.value!.live}
          />
        </Grid>
      ))}
    </Grid>
  );
}
