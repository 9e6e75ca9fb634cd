import { screen, waitFor } from '@testing-library/react';
import {
  clusters,
  mockDyplomaApi,
  order,
  renderView,
} from '../../__testUtils__';
import { OrderProgress } from './OrderProgress';

describe('OrderProgress', () => {
  it('shows a bar per cluster with its datacenter, the step and the errors', async () => {
    const api = mockDyplomaApi();
    await renderView(<OrderProgress order={order()} clusters={clusters} />, {
      api,
    });
    await waitFor(() => expect(api.getOrder).toHaveBeenCalled());
    expect(screen.getByText('deploy 1.4.2 to production')).toBeInTheDocument();
    const dc1 = screen.getByRole('progressbar', { name: 'dc1 (fra) updated' });
    expect(dc1).toHaveAttribute('aria-valuenow', '67');
    expect(screen.getByText('updated 2/3 · ready 1/3')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'dc3 (lon) updated' }),
    ).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'ImagePullBackOff: tag 1.4.2 not found',
    );
    expect(
      screen.getByText('Step: dc1: progressing — waiting for 3 ready replicas'),
    ).toBeInTheDocument();
  });

  it('reads the order again while it runs and says when it is done', async () => {
    const done = order({
      status: 'succeeded',
      targets: order().targets.map(t => ({
        ...t,
        status: 'succeeded' as const,
        desired: 3,
        updated: 3,
        ready: 3,
        message: undefined,
      })),
    });
    const api = mockDyplomaApi({
      getOrder: jest
        .fn()
        .mockResolvedValueOnce(order())
        .mockResolvedValue(done),
    });
    const onFinished = jest.fn();
    await renderView(
      <OrderProgress
        order={order()}
        clusters={clusters}
        intervalMs={10}
        onFinished={onFinished}
      />,
      { api },
    );
    await waitFor(() => expect(onFinished).toHaveBeenCalledWith(done));
    expect(screen.getByText('succeeded')).toBeInTheDocument();
    for (const name of ['dc1 (fra)', 'dc2 (ams)', 'dc3 (lon)']) {
      expect(
        screen.getByRole('progressbar', { name: `${name} updated` }),
      ).toHaveAttribute('aria-valuenow', '100');
    }
    expect(api.getOrder).toHaveBeenCalledTimes(2);
  });

  it('offers a retry of a partially failed order', async () => {
    const failed = order({ status: 'partially-failed' });
    const api = mockDyplomaApi({ getOrder: jest.fn(async () => failed) });
    await renderView(<OrderProgress order={failed} clusters={clusters} />, {
      api,
    });
    screen.getByRole('button', { name: 'Retry failed clusters' }).click();
    await waitFor(() => expect(api.retryOrder).toHaveBeenCalledWith(failed.id));
  });
});
