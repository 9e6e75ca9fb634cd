import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  environment,
  mockDyplomaApi,
  order,
  renderView,
} from '../../__testUtils__';
import { EnvironmentCard } from './EnvironmentCard';

const service = { namespace: 'default', name: 'payments' };
// usePermission caches answers by request (SWR): a test with other permissions uses
// another entity ref.
const card = (
  env = environment(),
  entityRef = 'component:default/payments',
  onChanged = jest.fn(),
) => (
  <EnvironmentCard
    service={service}
    entityRef={entityRef}
    environment={env}
    onChanged={onChanged}
  />
);

describe('EnvironmentCard', () => {
  it('shows the release: version, replicas per cluster, who, when, why', async () => {
    await renderView(card(), { api: mockDyplomaApi() });
    expect(screen.getByText('1.4.1')).toBeInTheDocument();
    expect(
      screen.getByText(
        /3 replicas: dc1 \(fra\) 1, dc2 \(ams\) 1, dc3 \(lon\) 1/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/By jane on .*: fix the rounding bug/),
    ).toBeInTheDocument();
  });

  it('disables the buttons the user may not press and says why', async () => {
    await renderView(card(environment(), 'component:default/ledger'), {
      api: mockDyplomaApi(),
      allow: name => name === 'dyploma.service.scale',
    });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Deploy' })).toBeDisabled(),
    );
    expect(screen.getByRole('button', { name: 'Scale' })).toBeEnabled();
    expect(
      screen.getByRole('button', { name: 'Deploy' }),
    ).toHaveAccessibleDescription(
      /You may not deploy, roll back or restart component:default\/ledger: it needs the permission dyploma.service.deploy/,
    );
    // The reason shared by Deploy, Roll back and Restart is said once.
    expect(
      screen.getAllByText(/You may not deploy, roll back or restart/),
    ).toHaveLength(1);
  });

  it('offers "Deploy the first version" where the service never ran', async () => {
    await renderView(card(environment({ release: undefined })), {
      api: mockDyplomaApi(),
    });
    expect(
      screen.getByText('Never deployed to production.'),
    ).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Deploy the first version' }),
    );
    expect(
      screen.getByRole('dialog', { name: 'Deploy a version in production' }),
    ).toBeInTheDocument();
  });

  it('shows the active order of the status, as after a reload mid-rollout', async () => {
    const running = order();
    const api = mockDyplomaApi({ getOrder: jest.fn(async () => running) });
    await renderView(card(environment({ activeOrder: running })), { api });
    expect(
      screen.getByRole('progressbar', { name: 'dc1 (fra) updated' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Scale' })).toBeDisabled(),
    );
    expect(
      screen.getByText(
        'An order is running in production; wait for it to finish.',
      ),
    ).toBeInTheDocument();
  });

  it('follows the order it created, and has the status read again for the history', async () => {
    const created = order({ kind: 'restart', params: {}, status: 'pending' });
    const api = mockDyplomaApi({
      createOrder: jest.fn(async () => created),
      getOrder: jest.fn(async () => created),
    });
    const onChanged = jest.fn();
    await renderView(
      card(
        environment({ name: 'staging', requireReason: false }),
        'component:default/payments',
        onChanged,
      ),
      {
        api,
      },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Restart' }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Restart',
      }),
    );
    expect(
      await screen.findByText('restart in production'),
    ).toBeInTheDocument();
    expect(onChanged).toHaveBeenCalledTimes(1);
  });
});
