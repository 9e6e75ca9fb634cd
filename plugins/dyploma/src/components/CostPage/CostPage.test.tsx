import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dyplomaApiRef } from '../../api';
import { COST_NOT_SHOWN } from '@dyploma/plugin-dyploma-common';
import {
  costForbidden,
  costLine,
  costReport,
  mockDyplomaApi,
  MockDyplomaApi,
  overProvisioned,
} from '../../__testUtils__';
import { CostPage } from './CostPage';

// Several selects and a chart per test: slow on a busy machine, not stuck.
jest.setTimeout(30_000);

function render(api: MockDyplomaApi) {
  return renderInTestApp(<CostPage />, { apis: [[dyplomaApiRef, api]] });
}

describe('CostPage', () => {
  it('shows owners, idle cost and over-provisioned services', async () => {
    const api = mockDyplomaApi();
    await render(api);
    expect(await screen.findByText('team-ledger')).toBeInTheDocument();
    // An owner in the owners table and as the owner of an over-provisioned service.
    expect(screen.getAllByText('team-payments')).toHaveLength(2);
    expect(screen.getByText('13.00')).toBeInTheDocument();
    expect(screen.getByText('4.25')).toBeInTheDocument();
    const row = (await screen.findByText('payments')).closest('tr')!;
    expect(within(row).getByText('2.50')).toBeInTheDocument();
    expect(api.listOwnerCosts).toHaveBeenCalledWith({ window: '30d' });
  });

  it('says "not shown to you" for the cost of groups the catalog hides from the user', async () => {
    const api = mockDyplomaApi({
      listOwnerCosts: jest.fn(async () =>
        costReport({
          items: [
            costLine({ key: 'group:default/team-payments', cost: 10 }),
            costLine({ key: COST_NOT_SHOWN, cost: 3, ownCost: 3 }),
          ],
        }),
      ),
      getOverProvisioned: jest.fn(async () =>
        overProvisioned({
          items: [
            {
              serviceRef: 'component:default/payments',
              ownerRef: COST_NOT_SHOWN,
              cost: 3.9,
              efficiency: { cpu: 0.2, memory: 0.75 },
              monthlySaving: { cpu: 2.5, memory: 0, total: 2.5 },
            },
          ],
        }),
      ),
    });
    await render(api);
    expect(await screen.findByText('team-payments')).toBeInTheDocument();
    // In the owners table and as the owner of an over-provisioned service.
    expect(screen.getAllByText('not shown to you')).toHaveLength(2);
    expect(screen.queryByText(COST_NOT_SHOWN)).not.toBeInTheDocument();
  });

  it('reads again for another window and downloads CSV', async () => {
    const api = mockDyplomaApi();
    await render(api);
    await screen.findByText('team-ledger');
    await userEvent.click(screen.getByRole('button', { name: /Window/ }));
    await userEvent.click(await screen.findByRole('option', { name: '7d' }));
    expect(api.listOwnerCosts).toHaveBeenLastCalledWith({ window: '7d' });
    expect(api.getOverProvisioned).toHaveBeenLastCalledWith({ window: '7d' });
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(api.getCostReportCsv).toHaveBeenCalledWith({
      groupBy: 'owner',
      window: '7d',
    });
  });

  it('reads a custom window and charts it day by day, by the chosen dimension', async () => {
    const api = mockDyplomaApi();
    await render(api);
    await screen.findByText('team-ledger');
    expect(api.getCostSeries).toHaveBeenLastCalledWith({
      window: '30d',
      groupBy: 'owner',
      step: 'day',
    });
    await userEvent.click(screen.getByRole('button', { name: /Window/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'custom' }),
    );
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-11-01' },
    });
    fireEvent.change(screen.getByLabelText('To (included)'), {
      target: { value: '2026-11-07' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    const week = {
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
    };
    expect(api.listOwnerCosts).toHaveBeenLastCalledWith(week);
    expect(api.getOverProvisioned).toHaveBeenLastCalledWith(week);
    expect(api.getCostSeries).toHaveBeenLastCalledWith({
      ...week,
      groupBy: 'owner',
      step: 'day',
    });
    expect(
      await screen.findByText('Allocated, 2026-11-01..2026-11-07'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /By/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'environment' }),
    );
    expect(api.getCostSeries).toHaveBeenLastCalledWith({
      ...week,
      groupBy: 'environment',
      step: 'day',
    });
  });

  it('charts a 24-hour window hour by hour', async () => {
    const api = mockDyplomaApi();
    await render(api);
    await screen.findByText('team-ledger');
    await userEvent.click(screen.getByRole('button', { name: /Window/ }));
    await userEvent.click(await screen.findByRole('option', { name: '24h' }));
    expect(api.getCostSeries).toHaveBeenLastCalledWith({
      window: '24h',
      groupBy: 'owner',
      step: 'hour',
    });
  });

  it('labels demo data and says when nothing is recorded', async () => {
    const api = mockDyplomaApi({
      listOwnerCosts: jest.fn(async () =>
        costReport({
          items: [],
          total: { cost: 0, previousCost: 0, trend: null, idleCost: 0 },
          demo: true,
        }),
      ),
      getOverProvisioned: jest.fn(async () => overProvisioned({ items: [] })),
    });
    await render(api);
    expect(
      await screen.findByText('No cost recorded in this window yet.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No over-provisioned services in this window.'),
    ).toBeInTheDocument();
    expect(screen.getByText('demo data')).toBeInTheDocument();
  });

  it('shows an error', async () => {
    const api = mockDyplomaApi({
      listOwnerCosts: jest.fn(async () => {
        throw await costForbidden();
      }),
    });
    await render(api);
    expect(
      await screen.findByText(/Reading cost needs dyploma.cost.read/),
    ).toBeInTheDocument();
  });
});
