import { screen, within } from '@testing-library/react';
import {
  costForbidden,
  costLine,
  mockDyplomaApi,
  renderView,
  serviceCost,
} from '../../__testUtils__';
import { CostCard } from './CostCard';

describe('CostCard', () => {
  it('shows the month, the trend, the split and the efficiency', async () => {
    const api = mockDyplomaApi();
    await renderView(<CostCard />, { api });
    expect(await screen.findByText('12.50')).toBeInTheDocument();
    expect(screen.getByText('projected 25.00')).toBeInTheDocument();
    expect(screen.getByText('3.90')).toBeInTheDocument();
    expect(screen.getByText('+30% vs previous 30 days')).toBeInTheDocument();
    expect(screen.getByText('CPU 40%')).toBeInTheDocument();
    expect(screen.getByText('memory 75%')).toBeInTheDocument();
    const envs = screen.getByRole('table', { name: 'cost by environment' });
    expect(
      within(envs).getByRole('row', { name: /production/ }),
    ).toHaveTextContent(/3\.00.*\+50%/);
    expect(
      within(envs).getByRole('row', { name: /staging/ }),
    ).toHaveTextContent(/0\.90.*−10%/);
    const clusters = screen.getByRole('table', { name: 'cost by cluster' });
    expect(
      within(clusters).getByRole('row', { name: /dc1/ }),
    ).toHaveTextContent(/dc1 \(eu-west\).*2\.50/);
    expect(screen.queryByText('demo data')).not.toBeInTheDocument();
    expect(api.getServiceCost).toHaveBeenCalledWith(
      { namespace: 'default', name: 'payments' },
      { window: '30d' },
    );
    // The service's daily cost by environment, under the split.
    expect(api.getCostSeries).toHaveBeenCalledWith({
      window: '30d',
      step: 'day',
      groupBy: 'environment',
      service: 'component:default/payments',
    });
  });

  it('labels demo data', async () => {
    const api = mockDyplomaApi({
      getServiceCost: jest.fn(async () => serviceCost({ demo: true })),
    });
    await renderView(<CostCard />, { api });
    expect(await screen.findByText('demo data')).toBeInTheDocument();
  });

  it('says when there are no rows yet', async () => {
    const empty = costLine({
      cost: 0,
      previousCost: 0,
      cpuCost: 0,
      memoryCost: 0,
      trend: null,
      efficiency: { cpu: null, memory: null },
    });
    const api = mockDyplomaApi({
      getServiceCost: jest.fn(async () =>
        serviceCost({
          ...empty,
          month: { toDate: 0, projected: 0, hours: 744, elapsedHours: 3 },
          byEnvironment: [],
          byCluster: [],
        }),
      ),
    });
    await renderView(<CostCard />, { api });
    expect(
      await screen.findByText(/No cost recorded for payments yet/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows an error', async () => {
    const api = mockDyplomaApi({
      getServiceCost: jest.fn(async () => {
        throw await costForbidden();
      }),
    });
    await renderView(<CostCard />, { api });
    expect(
      await screen.findByText(/Reading cost needs dyploma.cost.read/),
    ).toBeInTheDocument();
  });
});
