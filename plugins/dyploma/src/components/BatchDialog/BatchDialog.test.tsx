/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import type { FleetEnvironment } from '@dyploma/plugin-dyploma-common';
import {
  batchPreview,
  fleetPage,
  mockDyplomaApi,
  MockDyplomaApi,
  previewItem,
  renderView,
} from '../../__testUtils__';
import { BatchDialog } from './BatchDialog';

const refs = ['component:default/payments', 'component:default/ledger'];

// dev as configured by default; production requires a reason.
const ENVIRONMENTS = fleetPage().environments;

async function open(
  api: MockDyplomaApi,
  onCreated = jest.fn(),
  environments: FleetEnvironment[] = ENVIRONMENTS,
) {
  await renderView(
    <BatchDialog
      select={{ refs }}
      selectionLabel="2 services"
      environments={environments}
      defaultEnvironment="production"
      onClose={jest.fn()}
      onCreated={onCreated}
    />,
    { api },
  );
  return screen.getByRole('dialog', { name: 'Batch operation on 2 services' });
}

const confirmButton = (dialog: HTMLElement) =>
  within(dialog).getByRole('button', { name: /services? in production$/ });

describe('BatchDialog', () => {
  jest.setTimeout(20_000);

  it('previews, lists forbidden services, and confirms only with a reason in production', async () => {
    const api = mockDyplomaApi();
    const onCreated = jest.fn();
    const dialog = await open(api, onCreated);
    expect(confirmButton(dialog)).toBeDisabled();

    // Production asks for a reason before anything is asked of the server.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(
      within(dialog).getByText('required: orders in production must say why'),
    ).toBeInTheDocument();
    expect(api.previewBatch).not.toHaveBeenCalled();

    const reason = within(dialog).getByLabelText(/Reason/);
    await userEvent.type(reason, 'weekly restart');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(api.previewBatch).toHaveBeenCalledWith({
      environment: 'production',
      action: { kind: 'restart' },
      select: { refs },
      onForbidden: 'skip',
      reason: 'weekly restart',
    });
    const preview = await within(dialog).findByRole('region', {
      name: 'Preview',
    });
    expect(
      within(preview).getByText('Preview: 1 will change · 1 forbidden'),
    ).toBeInTheDocument();
    const ledger = within(preview).getByText('ledger').closest('tr')!;
    expect(within(ledger).getByText('forbidden')).toBeInTheDocument();
    expect(
      within(ledger).getByText(/may not deploy component:default\/ledger/),
    ).toBeInTheDocument();
    const payments = within(preview).getByText('payments').closest('tr')!;
    expect(
      within(payments).getByText('pods replaced in dc1'),
    ).toBeInTheDocument();

    // Confirm waits for the reason.
    expect(confirmButton(dialog)).toHaveTextContent(
      'Restart 1 service in production',
    );
    expect(confirmButton(dialog)).toBeEnabled();
    await userEvent.clear(reason);
    expect(confirmButton(dialog)).toBeDisabled();
    await userEvent.type(reason, 'weekly restart');

    // Refusing the whole batch orders nothing.
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Refuse the whole batch' }),
    );
    expect(confirmButton(dialog)).toBeDisabled();
    expect(
      within(dialog).getByText(/The whole batch is refused/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('radio', {
        name: 'Skip them, order the others',
      }),
    );

    await userEvent.click(confirmButton(dialog));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.createBatch).toHaveBeenCalledWith({
      environment: 'production',
      action: { kind: 'restart' },
      select: { refs },
      onForbidden: 'skip',
      reason: 'weekly restart',
      idempotencyKey: expect.stringMatching(/^[A-Za-z0-9._:-]+$/),
    });
  });

  it('asks for a new preview when the action changes after one', async () => {
    const api = mockDyplomaApi();
    const dialog = await open(api);
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'sale' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    await within(dialog).findByRole('region', { name: 'Preview' });
    expect(confirmButton(dialog)).toBeEnabled();
    fireEvent.change(within(dialog).getByLabelText('Action'), {
      target: { value: 'disable' },
    });
    expect(confirmButton(dialog)).toBeDisabled();
    expect(
      within(dialog).getByText(/preview again before confirming/),
    ).toBeInTheDocument();
  });

  it('checks a scale factor with the shared schema before asking the server', async () => {
    const api = mockDyplomaApi({
      previewBatch: jest.fn(async () =>
        batchPreview({
          action: { kind: 'scale', factor: 2 },
          items: [
            previewItem({
              order: { kind: 'scale', environment: 'production', replicas: 6 },
              changes: [
                { field: 'replicas', from: 3, to: 6, text: 'replicas 3 → 6' },
              ],
            }),
          ],
        }),
      ),
    });
    const dialog = await open(api);
    fireEvent.change(within(dialog).getByLabelText('Action'), {
      target: { value: 'scale' },
    });
    fireEvent.change(within(dialog).getByLabelText('Scale'), {
      target: { value: 'factor' },
    });
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'sale' },
    });
    const factor = within(dialog).getByLabelText(/Factor/);
    fireEvent.change(factor, { target: { value: '0' } });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(
      within(dialog).getByText(/to scale to zero, disable the services/),
    ).toBeInTheDocument();
    expect(api.previewBatch).not.toHaveBeenCalled();

    fireEvent.change(factor, { target: { value: '2' } });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(api.previewBatch).toHaveBeenCalledWith(
      expect.objectContaining({ action: { kind: 'scale', factor: 2 } }),
    );
    expect(
      await within(dialog).findByText('replicas 3 → 6'),
    ).toBeInTheDocument();
    expect(confirmButton(dialog)).toHaveTextContent(
      'Scale 1 service in production',
    );
  });

  it('asks for a reason where the environment requires one, whatever its name', async () => {
    const api = mockDyplomaApi();
    const dialog = await open(api, jest.fn(), [
      {
        name: 'production',
        requireReason: false,
        clusters: [{ name: 'dc1', datacenter: 'fra' }],
      },
      {
        name: 'staging',
        requireReason: true,
        clusters: [
          { name: 'stg1', datacenter: 'fra' },
          { name: 'stg2', datacenter: 'ams' },
        ],
      },
    ]);
    const environment = within(dialog).getByLabelText('Environment');
    // The environment's clusters are shown under it.
    expect(within(dialog).getByText('dc1 (fra)')).toBeInTheDocument();

    fireEvent.change(environment, { target: { value: 'staging' } });
    expect(
      within(dialog).getByText('stg1 (fra), stg2 (ams)'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Reason/)).toBeRequired();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(
      within(dialog).getByText('required: orders in staging must say why'),
    ).toBeInTheDocument();
    expect(api.previewBatch).not.toHaveBeenCalled();

    // Production without requireReason previews without one.
    fireEvent.change(environment, { target: { value: 'production' } });
    expect(within(dialog).getByLabelText(/Reason/)).not.toBeRequired();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(api.previewBatch).toHaveBeenCalledWith({
      environment: 'production',
      action: { kind: 'restart' },
      select: { refs },
      onForbidden: 'skip',
    });
    await within(dialog).findByRole('region', { name: 'Preview' });
    expect(confirmButton(dialog)).toBeEnabled();
  });

  it('learns that another environment needs a reason from the server', async () => {
    // dev did not require one when the page was read; the backend's config now does.
    const api = mockDyplomaApi({
      previewBatch: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'InputError', message: 'reason: required' },
              problems: [
                {
                  path: 'reason',
                  text: 'required: orders in dev must say why',
                  message: 'reason: required: orders in dev must say why',
                },
              ],
              response: { statusCode: 400 },
            }),
            { status: 400, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      }),
    });
    const dialog = await open(api);
    fireEvent.change(within(dialog).getByLabelText('Environment'), {
      target: { value: 'dev' },
    });
    expect(within(dialog).getByLabelText(/Reason/)).not.toBeRequired();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(
      await within(dialog).findByText('required: orders in dev must say why'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Reason/)).toBeRequired();
  });

  it('shows why the server refused the batch', async () => {
    const api = mockDyplomaApi({
      createBatch: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message:
                  'user:default/guest may not deploy 1 of the 2 services',
              },
              response: { statusCode: 403 },
            }),
            { status: 403, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      }),
      previewBatch: jest.fn(async () => batchPreview()),
    });
    const onCreated = jest.fn();
    const dialog = await open(api, onCreated);
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'sale' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    await userEvent.click(
      await waitFor(() => {
        const b = confirmButton(dialog);
        expect(b).toBeEnabled();
        return b;
      }),
    );
    expect(
      await within(dialog).findByText(/may not deploy 1 of the 2 services/),
    ).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
  });
});
