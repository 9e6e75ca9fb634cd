import { ResponseError } from '@backstage/errors';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  environment,
  mockDyplomaApi,
  order,
  renderView,
} from '../../__testUtils__';
import { OrderDialog } from './OrderDialog';

const service = { namespace: 'default', name: 'payments' };

async function responseError(status: number, body: object) {
  return ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

describe('OrderDialog', () => {
  it("shows the backend schema's message for replicas 'two'", async () => {
    const api = mockDyplomaApi();
    await renderView(
      <OrderDialog
        kind="scale"
        service={service}
        environment={environment({ name: 'staging', requireReason: false })}
        onClose={jest.fn()}
        onCreated={jest.fn()}
      />,
      { api },
    );
    await userEvent.type(screen.getByLabelText(/Replicas/), 'two');
    await userEvent.click(screen.getByRole('button', { name: 'Scale' }));
    expect(
      screen.getByText(/expected a whole number from 0 to 500, got "two"/),
    ).toBeInTheDocument();
    expect(api.createOrder).not.toHaveBeenCalled();
  });

  it('asks production for a reason, then confirms the change it lists', async () => {
    const api = mockDyplomaApi();
    const onCreated = jest.fn();
    await renderView(
      <OrderDialog
        kind="scale"
        service={service}
        environment={environment()}
        onClose={jest.fn()}
        onCreated={onCreated}
      />,
      { api },
    );
    await userEvent.type(screen.getByLabelText(/Replicas/), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Scale' }));
    expect(
      screen.getByText('required: orders in production must say why'),
    ).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/Reason/), 'black friday');
    await userEvent.click(screen.getByRole('button', { name: 'Scale' }));
    expect(screen.getByRole('list', { name: 'changes' })).toHaveTextContent(
      'replicas 3 → 30 in production',
    );
    expect(api.createOrder).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Confirm scale in production' }),
    );
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.createOrder).toHaveBeenCalledWith(service, {
      kind: 'scale',
      environment: 'production',
      replicas: 30,
      reason: 'black friday',
    });
  });

  it('deploys to staging straight away, with a version seen before', async () => {
    const api = mockDyplomaApi();
    await renderView(
      <OrderDialog
        kind="deploy"
        service={service}
        environment={environment({ name: 'staging', requireReason: false })}
        versions={['1.4.2', '1.4.1']}
        onClose={jest.fn()}
        onCreated={jest.fn()}
      />,
      { api },
    );
    await userEvent.click(screen.getByLabelText(/Version/));
    await userEvent.click(await screen.findByRole('option', { name: '1.4.2' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Deploy a version' }),
    );
    await waitFor(() =>
      expect(api.createOrder).toHaveBeenCalledWith(service, {
        kind: 'deploy',
        environment: 'staging',
        version: '1.4.2',
      }),
    );
  });

  it('shows the running order of a 409', async () => {
    const running = order({ kind: 'scale', params: { replicas: 5 } });
    const api = mockDyplomaApi({
      createOrder: jest.fn(async () => {
        throw await responseError(409, {
          error: { name: 'ConflictError', message: 'an order is running' },
          response: { statusCode: 409 },
          activeOrder: running,
        });
      }),
    });
    const onCreated = jest.fn();
    await renderView(
      <OrderDialog
        kind="restart"
        service={service}
        environment={environment({ name: 'staging', requireReason: false })}
        onClose={jest.fn()}
        onCreated={onCreated}
      />,
      { api },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Restart' }));
    expect(
      await screen.findByText(/An order is already running in production/),
    ).toHaveTextContent('scale to 5 in production by jane');
    await userEvent.click(screen.getByRole('button', { name: 'Follow it' }));
    expect(onCreated).toHaveBeenCalledWith(running);
  });

  it("puts a 400's problems on their fields and says a 403", async () => {
    const api = mockDyplomaApi({
      createOrder: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(400, {
            error: { name: 'InputError', message: 'bad' },
            response: { statusCode: 400 },
            problems: [
              {
                path: 'version',
                text: 'no image 9.9.9 in the registry',
                message: 'version: no image 9.9.9 in the registry',
              },
            ],
          }),
        )
        .mockRejectedValueOnce(
          await responseError(403, {
            error: {
              name: 'NotAllowedError',
              message: 'user:default/bob may not deploy',
            },
            response: { statusCode: 403 },
          }),
        ),
    });
    await renderView(
      <OrderDialog
        kind="deploy"
        service={service}
        environment={environment({ name: 'staging', requireReason: false })}
        onClose={jest.fn()}
        onCreated={jest.fn()}
      />,
      { api },
    );
    await userEvent.type(screen.getByLabelText(/Version/), '9.9.9');
    await userEvent.click(
      screen.getByRole('button', { name: 'Deploy a version' }),
    );
    expect(
      await screen.findByText('no image 9.9.9 in the registry'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Deploy a version' }),
    );
    expect(
      await screen.findByText('user:default/bob may not deploy'),
    ).toBeInTheDocument();
  });
});
