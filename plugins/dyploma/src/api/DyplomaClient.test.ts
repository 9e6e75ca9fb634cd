import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DyplomaClient } from './DyplomaClient';
import { activeOrderOf, errorMessage, problemsOf } from './errors';

const baseUrl = 'http://localhost:7007/api/dyploma';
const service = { namespace: 'default', name: 'payments' };

describe('DyplomaClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new DyplomaClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (...args) => fetch(...args) },
  });

  it('posts an order as JSON to the service', async () => {
    let received: unknown;
    server.use(
      http.post(
        `${baseUrl}/services/default/payments/orders`,
        async ({ request }) => {
          received = await request.json();
          return HttpResponse.json(
            { id: 'o1', status: 'pending' },
            { status: 201 },
          );
        },
      ),
    );
    const order = await client.createOrder(service, {
      kind: 'scale',
      environment: 'production',
      replicas: 3,
    });
    expect(order.id).toBe('o1');
    expect(received).toEqual({
      kind: 'scale',
      environment: 'production',
      replicas: 3,
    });
  });

  it('passes the history filter and page as query parameters', async () => {
    let url = '';
    server.use(
      http.get(`${baseUrl}/services/default/payments/orders`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({
          items: [],
          total: 0,
          limit: 10,
          offset: 20,
        });
      }),
    );
    await client.listOrders(service, {
      environment: 'staging',
      limit: 10,
      offset: 20,
    });
    expect(new URL(url).searchParams.toString()).toBe(
      'environment=staging&limit=10&offset=20',
    );
  });

  it('asks for the diff of two releases', async () => {
    server.use(
      http.get(
        `${baseUrl}/services/default/payments/environments/production/releases/3/diff/5`,
        () =>
          HttpResponse.json({
            service: 'component:default/payments',
            environment: 'production',
            from: 3,
            to: 5,
            changes: [{ path: 'version', from: '1.0.0', to: '1.1.0' }],
          }),
      ),
    );
    const diff = await client.diffReleases(service, 'production', 3, 5);
    expect(diff.changes).toHaveLength(1);
  });

  it('keeps the running order of a 409 and the problems of a 400', async () => {
    server.use(
      http.post(`${baseUrl}/services/default/payments/orders`, () =>
        HttpResponse.json(
          {
            error: { name: 'ConflictError', message: 'an order is running' },
            response: { statusCode: 409 },
            activeOrder: { id: 'running-1' },
          },
          { status: 409 },
        ),
      ),
      http.post(`${baseUrl}/orders/o2/retry`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'reason: too long' },
            response: { statusCode: 400 },
            problems: [
              { path: 'reason', text: 'too long', message: 'reason: too long' },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    const conflict = await client
      .createOrder(service, { kind: 'restart', environment: 'production' })
      .catch(e => e);
    expect(conflict).toBeInstanceOf(ResponseError);
    expect(activeOrderOf(conflict)?.id).toBe('running-1');
    expect(errorMessage(conflict)).toBe('an order is running');

    const bad = await client.retryOrder('o2', 'x').catch(e => e);
    expect(problemsOf(bad).map(p => p.path)).toEqual(['reason']);
  });
});
