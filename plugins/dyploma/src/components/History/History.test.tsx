import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockDyplomaApi,
  order,
  release,
  renderView,
} from '../../__testUtils__';
import { History } from './History';

const service = { namespace: 'default', name: 'payments' };
const environments = ['staging', 'production'];

const done = order({
  status: 'succeeded',
  releaseRevision: 4,
  targets: order().targets.map(t => ({
    ...t,
    status: 'succeeded' as const,
    message: undefined,
  })),
});

describe('History', () => {
  it('lists orders with who, why, the result per cluster and the release', async () => {
    const api = mockDyplomaApi({
      listOrders: jest.fn(async () => ({
        items: [done],
        total: 1,
        limit: 10,
        offset: 0,
      })),
    });
    await renderView(
      <History service={service} environments={environments} />,
      { api },
    );
    const row = within(
      await screen.findByRole('table', { name: 'orders' }),
    ).getAllByRole('row')[1];
    expect(row).toHaveTextContent('deploy 1.4.2 to production');
    expect(row).toHaveTextContent('jane');
    expect(row).toHaveTextContent('release day');
    expect(row).toHaveTextContent(
      'dc1: succeeded; dc2: succeeded; dc3: succeeded',
    );
    expect(
      within(row).getByRole('button', {
        name: 'diff of release 4 in production',
      }),
    ).toBeInTheDocument();
  });

  it('filters by environment and reads the next page', async () => {
    const api = mockDyplomaApi({
      listOrders: jest.fn(async (_s, options) => ({
        items: [done],
        total: 25,
        limit: options.limit,
        offset: options.offset,
      })),
    });
    await renderView(
      <History service={service} environments={environments} />,
      { api },
    );
    await screen.findByRole('table', { name: 'orders' });
    await userEvent.click(screen.getByRole('button', { name: /Environment/ }));
    await userEvent.click(screen.getByRole('option', { name: 'staging' }));
    await waitFor(() =>
      expect(api.listOrders).toHaveBeenLastCalledWith(service, {
        environment: 'staging',
        limit: 10,
        offset: 0,
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() =>
      expect(api.listOrders).toHaveBeenLastCalledWith(service, {
        environment: 'staging',
        limit: 10,
        offset: 10,
      }),
    );
  });

  it('shows the releases of the environment picked, and asks for one first', async () => {
    const api = mockDyplomaApi({
      listReleases: jest.fn(async () => ({
        items: [release(), release({ revision: 2, reason: 'first' })],
        nextBefore: 2,
      })),
    });
    await renderView(
      <History service={service} environments={environments} />,
      { api },
    );
    await userEvent.click(screen.getByRole('tab', { name: 'Releases' }));
    expect(
      screen.getByText('Releases belong to an environment: pick one above.'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Environment/ }));
    await userEvent.click(screen.getByRole('option', { name: 'production' }));
    const table = await screen.findByRole('table', {
      name: 'releases in production',
    });
    expect(table).toHaveTextContent('fix the rounding bug');
    expect(table).toHaveTextContent('jane');
    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() =>
      expect(api.listReleases).toHaveBeenLastCalledWith(service, 'production', {
        limit: 10,
        before: 2,
      }),
    );
  });

  it('says when there is nothing yet, and shows an error', async () => {
    const empty = mockDyplomaApi();
    const { unmount } = await renderView(
      <History service={service} environments={environments} />,
      { api: empty },
    );
    expect(await screen.findByText('No orders yet.')).toBeInTheDocument();
    unmount();

    const failing = mockDyplomaApi({
      listOrders: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'NotAllowedError', message: 'may not read' },
              response: { statusCode: 403 },
            }),
            { status: 403, headers: { 'Content-Type': 'application/json' } },
          ) as any,
        );
      }),
    });
    await renderView(
      <History service={service} environments={environments} />,
      { api: failing },
    );
    expect(await screen.findByText(/may not read/)).toBeInTheDocument();
  });
});
