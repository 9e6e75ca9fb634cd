import { InfoCard } from '@backstage/core-components';
import type {
  Order,
  OrderKind,
  ServiceEnvironmentStatus,
} from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { ServiceName } from '../../api';
import { useOrderPermissions } from '../../hooks';
import { specOf } from '../../lib/releaseSpec';
import { CurrentRelease } from '../CurrentRelease';
import { disabledReasons, OrderActions } from '../OrderActions';
import { OrderDialog } from '../OrderDialog';
import { OrderProgress } from '../OrderProgress';
import { RollbackDialog } from '../RollbackDialog';

/**
 * One environment on the Deploy tab: the release in effect, the order in progress,
 * and the orders the user may give.
 */
export function EnvironmentCard(props: {
  service: ServiceName;
  entityRef: string;
  environment: ServiceEnvironmentStatus;
  hasProblems?: boolean;
  versions?: string[];
  /** Called when an order ends, to read the service's status again. */
  onChanged: () => void;
}) {
  const { service, environment, onChanged } = props;
  const permissions = useOrderPermissions(props.entityRef);
  const [dialog, setDialog] = useState<OrderKind>();
  const [followed, setFollowed] = useState<Order | undefined>(
    environment.activeOrder,
  );
  const following = followed ?? environment.activeOrder;
  const disabled = disabledReasons({
    environment,
    permissions,
    hasProblems: !!props.hasProblems,
    following:
      !!followed &&
      (followed.status === 'pending' || followed.status === 'running'),
  });
  const enabled = specOf(environment.release).enabled !== false;
  const kinds: OrderKind[] = [
    'deploy',
    'scale',
    enabled ? 'disable' : 'enable',
    'restart',
    'rollback',
  ];
  const finished = (order: Order) => {
    setFollowed(order);
    onChanged();
  };
  const created = (order: Order) => {
    setDialog(undefined);
    setFollowed(order);
    // Read the status again so the history lists the new order while it runs.
    onChanged();
  };

  return (
    // A landmark per environment, so assistive technology (and tests) can go to one.
    <section aria-label={`${environment.name} environment`}>
      <InfoCard
        title={environment.name}
        subheader={`${environment.clusters.length} cluster${
          environment.clusters.length === 1 ? '' : 's'
        } (${environment.clusters.map(c => c.datacenter).join(', ')}), ${
          environment.placement
        } placement, namespace ${environment.namespace}`}
      >
        {following && (
          <OrderProgress
            key={following.id}
            order={following}
            clusters={environment.clusters}
            onFinished={finished}
          />
        )}
        {environment.release ? (
          <CurrentRelease environment={environment} />
        ) : (
          <Box mb={2}>
            <Typography variant="body1" paragraph>
              Never deployed to {environment.name}.
            </Typography>
            <Button
              variant="contained"
              color="primary"
              disabled={!!disabled.deploy}
              onClick={() => setDialog('deploy')}
            >
              Deploy the first version
            </Button>
          </Box>
        )}
        <Box mt={2}>
          <OrderActions
            environment={environment.name}
            kinds={environment.release ? kinds : []}
            disabled={disabled}
            onAction={setDialog}
          />
          {!environment.release && disabled.deploy && (
            <Typography variant="caption" color="textSecondary">
              {disabled.deploy}
            </Typography>
          )}
        </Box>
        {dialog && dialog !== 'rollback' && (
          <OrderDialog
            kind={dialog}
            service={service}
            environment={environment}
            versions={props.versions}
            onClose={() => setDialog(undefined)}
            onCreated={created}
          />
        )}
        {dialog === 'rollback' && (
          <RollbackDialog
            service={service}
            environment={environment}
            onClose={() => setDialog(undefined)}
            onCreated={created}
          />
        )}
      </InfoCard>
    </section>
  );
}
