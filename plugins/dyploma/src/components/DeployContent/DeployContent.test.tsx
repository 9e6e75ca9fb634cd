import { ResponseError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import {
  entityWithoutModel,
  mockDyplomaApi,
  order,
  renderView,
  status,
} from '../../__testUtils__';
import { DeployContent } from './DeployContent';

describe('DeployContent', () => {
  it('shows every environment and the history', async () => {
    const api = mockDyplomaApi({
      listOrders: jest.fn(async () => ({
        items: [order({ status: 'succeeded', releaseRevision: 4 })],
        total: 1,
        limit: 10,
        offset: 0,
      })),
    });
    await renderView(<DeployContent />, { api });
    expect(await screen.findByText('staging')).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'orders' }),
    ).toHaveTextContent('deploy 1.4.2 to production');
  });

  it('says how to add a model to a component without one', async () => {
    const api = mockDyplomaApi();
    await renderView(<DeployContent />, { api, entity: entityWithoutModel });
    expect(
      screen.getByText('payments is not deployed with Dyploma yet'),
    ).toBeInTheDocument();
    expect(api.getServiceStatus).not.toHaveBeenCalled();
  });

  it('lists the problems of a broken model', async () => {
    const api = mockDyplomaApi({
      getServiceStatus: jest.fn(async () =>
        status({
          problems: [
            {
              path: 'spec.dyploma.replicas',
              text: 'expected a whole number',
              message: 'spec.dyploma.replicas: expected a whole number',
            },
          ],
        }),
      ),
    });
    await renderView(<DeployContent />, { api });
    expect(
      await screen.findByText('spec.dyploma.replicas: expected a whole number'),
    ).toBeInTheDocument();
  });

  it('shows an error the API answers with', async () => {
    const api = mockDyplomaApi({
      getServiceStatus: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message: 'not allowed to read',
              },
              response: { statusCode: 403 },
            }),
            { status: 403, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      }),
    });
    await renderView(<DeployContent />, { api });
    expect(await screen.findByText(/not allowed to read/)).toBeInTheDocument();
  });
});
