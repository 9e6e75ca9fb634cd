import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  environment,
  mockDyplomaApi,
  release,
  renderView,
} from '../../__testUtils__';
import { RollbackDialog } from './RollbackDialog';

const service = { namespace: 'default', name: 'payments' };

describe('RollbackDialog', () => {
  it('shows the diff of the picked release before rolling back to it', async () => {
    const api = mockDyplomaApi({
      listReleases: jest.fn(async () => ({
        items: [
          release(),
          release({
            revision: 2,
            spec: {
              version: '1.4.0',
              replicas: 3,
              placement: {},
              enabled: true,
            },
          }),
        ],
      })),
      diffReleases: jest.fn(async () => ({
        service: 'component:default/payments',
        environment: 'production',
        from: 3,
        to: 2,
        changes: [{ path: 'version', from: '1.4.1', to: '1.4.0' }],
      })),
    });
    const onCreated = jest.fn();
    await renderView(
      <RollbackDialog
        service={service}
        environment={environment()}
        onClose={jest.fn()}
        onCreated={onCreated}
      />,
      { api },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: /Release to roll back to/ }),
    );
    const options = screen.getAllByRole('option');
    expect(options).toHaveLength(1);
    await userEvent.click(options[0]);
    const diff = await screen.findByRole('table', {
      name: 'changes from release 3 to 2',
    });
    expect(
      within(diff).getByRole('row', { name: /version/ }),
    ).toHaveTextContent('1.4.1');
    expect(api.diffReleases).toHaveBeenCalledWith(service, 'production', 3, 2);
    await userEvent.type(screen.getByLabelText(/Reason/), 'errors up');
    await userEvent.click(
      screen.getByRole('button', { name: 'Roll back production to release 2' }),
    );
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.createOrder).toHaveBeenCalledWith(service, {
      kind: 'rollback',
      environment: 'production',
      toRevision: 2,
      reason: 'errors up',
    });
  });
});
