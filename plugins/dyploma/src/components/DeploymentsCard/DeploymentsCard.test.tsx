import { screen, within } from '@testing-library/react';
import {
  entityWithoutModel,
  environment,
  live,
  mockDyplomaApi,
  order,
  renderView,
  status,
} from '../../__testUtils__';
import { DeploymentsCard } from './DeploymentsCard';

describe('DeploymentsCard', () => {
  it('shows version and health per environment', async () => {
    const api = mockDyplomaApi({
      getServiceStatus: jest.fn(async () =>
        status({
          environments: [
            environment({ name: 'staging', release: undefined }),
            environment({ activeOrder: order() }),
            environment({ name: 'canary' }),
          ],
          live: [
            live(),
            live({ cluster: 'dc2', health: 'down' }),
            live({ environment: 'canary' }),
          ],
        }),
      ),
    });
    await renderView(<DeploymentsCard />, { api });
    const table = await screen.findByRole('table', { name: 'deployments' });
    expect(
      within(table).getByRole('row', { name: /staging/ }),
    ).toHaveTextContent('not deployed');
    expect(
      within(table).getByRole('row', { name: /production/ }),
    ).toHaveTextContent('unreachable (dc2)');
    expect(
      within(table).getByRole('row', { name: /canary/ }),
    ).toHaveTextContent(/1\.4\.1.*1\/1.*healthy/);
  });

  it('says how to start for a service without a model', async () => {
    const api = mockDyplomaApi();
    await renderView(<DeploymentsCard />, { api, entity: entityWithoutModel });
    expect(
      screen.getByText(/is not deployed with Dyploma/),
    ).toBeInTheDocument();
    expect(api.getServiceStatus).not.toHaveBeenCalled();
  });
});
