import type { Order } from '@dyploma/plugin-dyploma-common';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import { formatTime, shortRef } from '../../lib/format';
import { describeOrder } from '../../lib/orders';

/** A 409: another order runs in the environment; show it and offer to follow it. */
export function ActiveOrderNotice(props: {
  order: Order;
  onFollow?: (order: Order) => void;
}) {
  const { order, onFollow } = props;
  return (
    <Alert
      severity="warning"
      action={
        onFollow && (
          <Button color="inherit" size="small" onClick={() => onFollow(order)}>
            Follow it
          </Button>
        )
      }
    >
      An order is already {order.status} in {order.environment}:{' '}
      {describeOrder(order)} by {shortRef(order.author)} since{' '}
      {formatTime(order.createdAt)}
      {order.reason ? ` (${order.reason})` : ''}. Wait for it to finish, then
      try again.
    </Alert>
  );
}
