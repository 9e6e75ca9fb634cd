import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { ServiceName } from '../../api';
import { OrderHistory } from '../OrderHistory';
import { ReleaseHistory } from '../ReleaseHistory';

const ALL = '';

/** Orders and releases of the service, filtered by environment. */
export function History(props: {
  service: ServiceName;
  environments: string[];
  /** Changes whenever an order starts or ends, so the lists read again. */
  refreshKey?: string;
}) {
  const [environment, setEnvironment] = useState(ALL);
  const [tab, setTab] = useState<'orders' | 'releases'>('orders');
  return (
    <InfoCard title="History">
      <Box display="flex" alignItems="center" style={{ gap: 16 }}>
        <TextField
          id="dyploma-history-environment"
          select
          label="Environment"
          value={environment}
          onChange={e => setEnvironment(e.target.value)}
          style={{ minWidth: 200 }}
        >
          <MenuItem value={ALL}>All environments</MenuItem>
          {props.environments.map(name => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </TextField>
        <Tabs
          value={tab}
          onChange={(_e, value) => setTab(value)}
          aria-label="history"
          indicatorColor="primary"
        >
          <Tab value="orders" label="Orders" />
          <Tab value="releases" label="Releases" />
        </Tabs>
      </Box>
      <Box mt={2}>
        {tab === 'orders' && (
          <OrderHistory
            service={props.service}
            environment={environment || undefined}
            refreshKey={props.refreshKey}
          />
        )}
        {tab === 'releases' &&
          (environment ? (
            <ReleaseHistory
              service={props.service}
              environment={environment}
              refreshKey={props.refreshKey}
            />
          ) : (
            <Typography variant="body2">
              Releases belong to an environment: pick one above.
            </Typography>
          ))}
      </Box>
    </InfoCard>
  );
}
