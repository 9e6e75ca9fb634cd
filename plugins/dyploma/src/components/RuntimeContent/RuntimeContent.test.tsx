import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  entityWithoutModel,
  live,
  mockDyplomaApi,
  renderView,
  status,
} from '../../__testUtils__';
import { RuntimeContent } from './RuntimeContent';

const liveState = [
  live(),
  live({
    cluster: 'dc2',
    datacenter: 'ams',
    health: 'down',
    lastSeen: '2026-11-23T20:55:00.000Z',
    pods: [{ ...live().pods[0], name: 'payments-old-pod' }],
  }),
];

describe('RuntimeContent', () => {
  it('shows environment → cluster → pods, and an unreachable cluster with its last state', async () => {
    const api = mockDyplomaApi({
      getServiceStatus: jest.fn(async () => status({ live: liveState })),
    });
    await renderView(<RuntimeContent />, { api });
    const dc1 = await screen.findByRole('table', { name: 'pods in dc1' });
    const row = within(dc1).getByRole('row', { name: /payments-7d9f-abcde/ });
    expect(row).toHaveTextContent('node-17');
    expect(row).toHaveTextContent('120m / 250m (48%)');
    expect(row).toHaveTextContent('256Mi / 512Mi (50%)');

    const production = screen.getAllByRole('region', { name: 'dc2 (ams)' })[0];
    expect(within(production).getByRole('alert')).toHaveTextContent(
      /dc2 \(ams\) is unreachable\. Showing its last known state, from 2026-11-23/,
    );
    expect(
      within(production).getByText('payments-old-pod'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/No live state from dc3 \(lon\) yet/),
    ).toHaveLength(1);
  });

  it('says events are not available yet when the API answers 501', async () => {
    const api = mockDyplomaApi({
      getEvents: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotImplementedError',
                message:
                  'pod events are served once the fleet caches are wired in',
              },
              response: { statusCode: 501 },
            }),
            { status: 501, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      }),
    });
    await renderView(<RuntimeContent />, { api });
    await userEvent.click(
      (
        await screen.findAllByRole('tab', { name: 'Events' })
      )[0],
    );
    expect(
      await screen.findByText(
        /Events are not available yet: pod events are served once the fleet caches are wired in/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the effective model with where each value came from', async () => {
    const api = mockDyplomaApi({
      getServiceStatus: jest.fn(async () => {
        const s = status();
        s.environments[0].effective = {
          model: { resources: { limits: { memory: '512Mi' } } },
          provenance: {
            'resources.limits.memory': {
              source: 'environment',
              from: 'spec.dyploma.environments.staging.resources.limits.memory',
            },
          },
        } as any;
        return s;
      }),
    });
    await renderView(<RuntimeContent />, { api });
    await userEvent.click(
      (
        await screen.findAllByRole('tab', { name: 'Effective model' })
      )[0],
    );
    const row = screen.getByRole('row', { name: /resources\.limits\.memory/ });
    expect(row).toHaveTextContent('512Mi');
    expect(row).toHaveTextContent(
      'spec.dyploma.environments.staging.resources.limits.memory',
    );
  });

  it('says how to add a model to a component without one', async () => {
    await renderView(<RuntimeContent />, {
      api: mockDyplomaApi(),
      entity: entityWithoutModel,
    });
    expect(
      screen.getByText('payments is not deployed with Dyploma yet'),
    ).toBeInTheDocument();
  });
});
