import { InfoCard } from '@backstage/core-components';
import type {
  ClusterLiveState,
  ServiceEnvironmentStatus,
} from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { ServiceName } from '../../api';
import { ClusterRuntime } from '../ClusterRuntime';
import { EffectiveModelView } from '../EffectiveModelView';
import { EventsView } from '../EventsView';
import { LogsView } from '../LogsView';

type View = 'pods' | 'events' | 'logs' | 'model';

/** One environment on the Runtime tab: its clusters' pods, events, logs, model. */
export function EnvironmentRuntime(props: {
  service: ServiceName;
  environment: ServiceEnvironmentStatus;
  live: ClusterLiveState[];
}) {
  const { service, environment } = props;
  const [view, setView] = useState<View>('pods');
  const live = props.live.filter(l => l.environment === environment.name);
  return (
    <section aria-label={`${environment.name} runtime`}>
      <InfoCard title={environment.name}>
        <Tabs
          value={view}
          onChange={(_e, v) => setView(v)}
          aria-label={`${environment.name} views`}
          indicatorColor="primary"
        >
          <Tab value="pods" label="Pods" />
          <Tab value="events" label="Events" />
          <Tab value="logs" label="Logs" />
          <Tab value="model" label="Effective model" />
        </Tabs>
        <Box mt={2}>
          {view === 'pods' && !environment.release && (
            // Say why the clusters below are empty, and where to start.
            <Typography variant="body2" paragraph>
              Never deployed to {environment.name}: nothing of this service runs
              here. Deploy the first version from the Deploy tab.
            </Typography>
          )}
          {view === 'pods' &&
            environment.clusters.map(cluster => (
              <ClusterRuntime
                key={cluster.name}
                cluster={cluster}
                live={live.find(l => l.cluster === cluster.name)}
              />
            ))}
          {view === 'events' && (
            <EventsView service={service} environment={environment.name} />
          )}
          {view === 'logs' && (
            <LogsView
              service={service}
              environment={environment.name}
              live={live}
            />
          )}
          {view === 'model' && (
            <EffectiveModelView
              environment={environment.name}
              effective={environment.effective}
            />
          )}
        </Box>
      </InfoCard>
    </section>
  );
}
