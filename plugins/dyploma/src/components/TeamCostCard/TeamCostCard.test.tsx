import { Entity } from '@backstage/catalog-model';
import { COST_NOT_SHOWN } from '@dyploma/plugin-dyploma-common';
import { screen, within } from '@testing-library/react';
import {
  costForbidden,
  costLine,
  mockDyplomaApi,
  ownerCost,
  renderView,
} from '../../__testUtils__';
import { TeamCostCard } from './TeamCostCard';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

describe('TeamCostCard', () => {
  it('ranks the services of the group and its sub-groups', async () => {
    const api = mockDyplomaApi();
    await renderView(<TeamCostCard />, { api, entity: group });
    const table = await screen.findByRole('table', {
      name: 'services by cost',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringMatching(/^1payments\s*team-payments6\.0060%/),
      expect.stringMatching(/^2ledger\s*team-ledger3\.0030%/),
      expect.stringMatching(/^3refunds\s*team-payments1\.0010%/),
    ]);
    expect(screen.getByText('30.00')).toBeInTheDocument();
    expect(screen.getByText('projected 60.00')).toBeInTheDocument();
    expect(screen.getByText('sub-groups 3.00')).toBeInTheDocument();
    expect(api.getOwnerCost).toHaveBeenCalledWith(
      { namespace: 'default', name: 'team-payments' },
      { window: '30d' },
    );
    // Its services' daily cost, sub-groups included (the API rolls the owner up).
    expect(api.getCostSeries).toHaveBeenCalledWith({
      window: '30d',
      step: 'day',
      groupBy: 'service',
      owner: 'group:default/team-payments',
    });
  });

  it('counts the services the catalog does not show the viewer without naming them', async () => {
    const api = mockDyplomaApi({
      getOwnerCost: jest.fn(async () =>
        ownerCost({
          services: [
            {
              ...costLine({ key: COST_NOT_SHOWN, cost: 4 }),
              ownerRef: null,
              hiddenServices: 2,
            },
            {
              ...costLine({ key: 'component:default/payments', cost: 6 }),
              ownerRef: 'group:default/team-payments',
            },
          ],
        }),
      ),
    });
    await renderView(<TeamCostCard />, { api, entity: group });
    const table = await screen.findByRole('table', {
      name: 'services by cost',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    // Every service is the group's own, so no owner column.
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringMatching(/^12 services not shown to you4\.0040%/),
      expect.stringMatching(/^2payments6\.0060%/),
    ]);
  });

  it('labels demo data', async () => {
    const api = mockDyplomaApi({
      getOwnerCost: jest.fn(async () => ownerCost({ demo: true })),
    });
    await renderView(<TeamCostCard />, { api, entity: group });
    expect(await screen.findByText('demo data')).toBeInTheDocument();
  });

  it('says when the team has no cost yet', async () => {
    const api = mockDyplomaApi({
      getOwnerCost: jest.fn(async () =>
        ownerCost({
          ...costLine({ cost: 0, previousCost: 0, trend: null }),
          ownCost: 0,
          month: { toDate: 0, projected: 0, hours: 744, elapsedHours: 1 },
          services: [],
          groups: [],
        }),
      ),
    });
    await renderView(<TeamCostCard />, { api, entity: group });
    expect(
      await screen.findByText(
        /No cost recorded for the services of team-payments/,
      ),
    ).toBeInTheDocument();
  });

  it('shows an error', async () => {
    const api = mockDyplomaApi({
      getOwnerCost: jest.fn(async () => {
        throw await costForbidden();
      }),
    });
    await renderView(<TeamCostCard />, { api, entity: group });
    expect(
      await screen.findByText(/Reading cost needs dyploma.cost.read/),
    ).toBeInTheDocument();
  });
});
