import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { Order } from '@dyploma/plugin-dyploma-common';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dyplomaApiRef, ServiceName } from '../../api';
import { formatTime, shortRef } from '../../lib/format';
import { describeOrder } from '../../lib/orders';
import { DiffDialog } from '../DiffDialog';

// The theme breaks table words anywhere, so a squeezed column shows "caro l":
// short values keep to one line and the long ones (why, per cluster) wrap.
const NOWRAP = { whiteSpace: 'nowrap' } as const;

function results(order: Order) {
  return order.targets
    .map(t => `${t.cluster}: ${t.status}${t.message ? ` (${t.message})` : ''}`)
    .join('; ');
}

/** Orders of the service, newest first, a page at a time. */
export function OrderHistory(props: {
  service: ServiceName;
  environment?: string;
  pageSize?: number;
  refreshKey?: string;
}) {
  const { service, environment } = props;
  const api = useApi(dyplomaApiRef);
  const [page, setPage] = useState(0);
  const [rows, setRows] = useState(props.pageSize ?? 10);
  const [diff, setDiff] = useState<Order>();
  const orders = useAsync(
    () =>
      api.listOrders(service, {
        environment,
        limit: rows,
        offset: page * rows,
      }),
    [
      api,
      service.namespace,
      service.name,
      environment,
      page,
      rows,
      props.refreshKey,
    ],
  );
  if (orders.error) return <ResponseErrorPanel error={orders.error} />;
  if (!orders.value) return <Progress />;
  const { items, total } = orders.value;
  if (total === 0) {
    return (
      <Typography variant="body2">
        No orders{environment ? ` in ${environment}` : ''} yet.
      </Typography>
    );
  }
  return (
    <>
      <Table size="small" aria-label="orders">
        <TableHead>
          <TableRow>
            <TableCell style={NOWRAP}>When</TableCell>
            <TableCell>Order</TableCell>
            <TableCell style={NOWRAP}>Who</TableCell>
            <TableCell>Why</TableCell>
            <TableCell style={NOWRAP}>Status</TableCell>
            <TableCell>Per cluster</TableCell>
            <TableCell style={NOWRAP}>Release</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(order => (
            <TableRow key={order.id}>
              <TableCell style={NOWRAP}>
                {formatTime(order.createdAt)}
              </TableCell>
              <TableCell>{describeOrder(order)}</TableCell>
              <TableCell style={NOWRAP}>{shortRef(order.author)}</TableCell>
              <TableCell>{order.reason ?? ''}</TableCell>
              <TableCell style={order.error ? undefined : NOWRAP}>
                {order.status}
                {order.error ? `: ${order.error}` : ''}
              </TableCell>
              <TableCell>{results(order)}</TableCell>
              <TableCell style={NOWRAP}>
                {order.releaseRevision !== undefined &&
                  (order.releaseRevision > 1 ? (
                    <Button
                      size="small"
                      aria-label={`diff of release ${order.releaseRevision} in ${order.environment}`}
                      onClick={() => setDiff(order)}
                    >
                      {order.releaseRevision} (diff)
                    </Button>
                  ) : (
                    order.releaseRevision
                  ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={total}
        page={page}
        rowsPerPage={rows}
        rowsPerPageOptions={[10, 20, 50]}
        onPageChange={(_e, p) => setPage(p)}
        onRowsPerPageChange={e => {
          setRows(Number(e.target.value));
          setPage(0);
        }}
      />
      {diff && (
        <DiffDialog
          service={service}
          environment={diff.environment}
          revision={diff.releaseRevision!}
          onClose={() => setDiff(undefined)}
        />
      )}
    </>
  );
}
