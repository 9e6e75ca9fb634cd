import { useApi } from '@backstage/core-plugin-api';
import type { EnvironmentCluster, Order } from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { dyplomaApiRef, errorMessage } from '../../api';
import { useOrder } from '../../hooks';
import { describeOrder } from '../../lib/orders';
import { formatTime, shortRef } from '../../lib/format';
import { ClusterBar } from './ClusterBar';

function lastStep(order: Order): string | undefined {
  const event = order.events?.[order.events.length - 1];
  if (!event) return undefined;
  // The worker's message often just repeats the status ("applying — applying").
  const message =
    event.message && event.message !== event.status
      ? ` — ${event.message}`
      : '';
  return `${event.cluster ? `${event.cluster}: ` : ''}${
    event.status
  }${message}`;
}

/** A running (or just finished) order: a bar per cluster, the step, errors. */
export function OrderProgress(props: {
  order: Order;
  clusters: EnvironmentCluster[];
  intervalMs?: number;
  onFinished?: (order: Order) => void;
}) {
  const api = useApi(dyplomaApiRef);
  const [acting, setActing] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const { order, error } = useOrder(props.order, {
    intervalMs: props.intervalMs,
    onFinished: props.onFinished,
  });
  const datacenter = (cluster: string) =>
    props.clusters.find(c => c.name === cluster)?.datacenter;
  const step = lastStep(order);

  const act = async (action: 'cancel' | 'retry') => {
    setActing(action);
    setActionError(undefined);
    try {
      await (action === 'cancel'
        ? api.cancelOrder(order.id)
        : api.retryOrder(order.id));
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setActing(undefined);
    }
  };

  return (
    <Box component="section" aria-label={`order ${order.id}`} mb={2}>
      <Typography variant="subtitle1">
        <span>{describeOrder(order)}</span> · <strong>{order.status}</strong>
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        By {shortRef(order.author)} on {formatTime(order.createdAt)}
        {order.reason ? `: ${order.reason}` : ''}
      </Typography>
      {step && (
        <Typography variant="body2" paragraph>
          Step: {step}
        </Typography>
      )}
      {order.targets.map(t => (
        <ClusterBar
          key={t.cluster}
          target={t}
          datacenter={datacenter(t.cluster)}
        />
      ))}
      {order.error && <Alert severity="error">{order.error}</Alert>}
      {error && (
        <Alert severity="warning">
          Could not read the order's progress ({errorMessage(error)}); trying
          again.
        </Alert>
      )}
      {actionError && <Alert severity="error">{actionError}</Alert>}
      {order.status === 'pending' && (
        <Button disabled={!!acting} onClick={() => act('cancel')}>
          Cancel order
        </Button>
      )}
      {(order.status === 'failed' || order.status === 'partially-failed') && (
        <Button disabled={!!acting} onClick={() => act('retry')}>
          Retry failed clusters
        </Button>
      )}
    </Box>
  );
}
