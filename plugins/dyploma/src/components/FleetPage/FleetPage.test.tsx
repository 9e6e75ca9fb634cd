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

import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { COST_NOT_SHOWN } from '@dyploma/plugin-dyploma-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { dyplomaApiRef } from '../../api';
import {
  fleetPage,
  fleetRow,
  mockDyplomaApi,
  MockDyplomaApi,
} from '../../__testUtils__';
import { FleetPage } from './FleetPage';

/** What the address bar says, to check that a view can be shared as a link. */
function Address() {
  const { search } = useLocation();
  return <output aria-label="address">{decodeURIComponent(search)}</output>;
}

function render(api: MockDyplomaApi, url = '/dyploma-fleet') {
  return renderInTestApp(
    <>
      <FleetPage />
      <Address />
    </>,
    { apis: [[dyplomaApiRef, api]], initialRouteEntries: [url] },
  );
}

const address = () => screen.getByRole('status', { name: 'address' });

function rowOf(text: string) {
  return screen.getByRole('link', { name: text }).closest('tr')!;
}

describe('FleetPage', () => {
  // userEvent on MUI's Autocomplete and table is slow on a busy machine.
  jest.setTimeout(30_000);

  it('shows a row per service, environment and cluster', async () => {
    const api = mockDyplomaApi();
    await render(api);
    const payments = (
      await screen.findByRole('link', { name: 'payments' })
    ).closest('tr')!;
    expect(within(payments).getByText('1.4.1')).toBeInTheDocument();
    expect(within(payments).getByText('2/2')).toBeInTheDocument();
    expect(within(payments).getByText('healthy')).toBeInTheDocument();
    expect(
      within(payments).getByText('deploy · succeeded'),
    ).toBeInTheDocument();
    expect(within(payments).getByText(/^jane, /)).toBeInTheDocument();
    expect(within(payments).getByText('12.50')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'payments' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments/deploy',
    );
    const ledger = rowOf('ledger');
    expect(within(ledger).getByText('1/3')).toBeInTheDocument();
    expect(within(ledger).getByText('degraded')).toBeInTheDocument();
    expect(
      within(rowOf('search')).getByText('not deployed'),
    ).toBeInTheDocument();
    expect(screen.getByText(/3 rows · 3 services/)).toBeInTheDocument();
    expect(api.getFleet).toHaveBeenCalledWith({});
  });

  it('reads the filters, sort and page from the URL, so a view can be shared', async () => {
    const api = mockDyplomaApi();
    await render(
      api,
      '/dyploma-fleet?owner=group:default/team-search&status=degraded&status=failed&q=pay&sort=cost&order=desc&offset=50',
    );
    await screen.findByRole('link', { name: 'payments' });
    expect(api.getFleet).toHaveBeenCalledWith({
      owner: ['group:default/team-search'],
      status: ['degraded', 'failed'],
      q: 'pay',
      sort: 'cost',
      order: 'desc',
      offset: 50,
    });
    expect(screen.getByLabelText('Search')).toHaveValue('pay');
  });

  it('asks the server again for a filter, writes it to the URL and starts at the first page', async () => {
    const api = mockDyplomaApi();
    await render(api, '/dyploma-fleet?offset=50');
    await screen.findByRole('link', { name: 'payments' });
    await userEvent.click(screen.getByLabelText('Owner'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'team-search (1)' }),
    );
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        owner: ['group:default/team-search'],
      }),
    );
    expect(address()).toHaveTextContent('?owner=group:default/team-search');

    await userEvent.type(screen.getByLabelText('Search'), 'ledg');
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        owner: ['group:default/team-search'],
        q: 'ledg',
      }),
    );
    // One request for the pause in typing, not one per key.
    expect(
      api.getFleet.mock.calls.filter(([q]) => q.q && q.q !== 'ledg'),
    ).toHaveLength(0);

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() => expect(api.getFleet).toHaveBeenLastCalledWith({}));
  });

  it('sorts and pages on the server', async () => {
    const api = mockDyplomaApi({
      getFleet: jest.fn(async q =>
        fleetPage({ total: 120, offset: q.offset ?? 0, limit: 50 }),
      ),
    });
    await render(api);
    await screen.findByRole('link', { name: 'payments' });
    await userEvent.click(screen.getByRole('button', { name: 'Version' }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        sort: 'version',
        order: 'asc',
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Version' }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        sort: 'version',
        order: 'desc',
      }),
    );
    expect(screen.getByText('1-50 of 120')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        sort: 'version',
        order: 'desc',
        offset: 50,
      }),
    );
    expect(await screen.findByText('51-100 of 120')).toBeInTheDocument();
    expect(address()).toHaveTextContent('sort=version&order=desc&offset=50');
  });

  it('says how to start when there is no service, and how to widen a filter', async () => {
    const empty = fleetPage({ items: [], total: 0, services: 0 });
    const api = mockDyplomaApi({ getFleet: jest.fn(async () => empty) });
    await render(api);
    expect(
      await screen.findByText('No service with a Dyploma model yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Create a service' }),
    ).toBeInTheDocument();

    const filtered = mockDyplomaApi({ getFleet: jest.fn(async () => empty) });
    await render(filtered, '/dyploma-fleet?cluster=dc9');
    expect(
      await screen.findByText('No service matches these filters'),
    ).toBeInTheDocument();
  });

  it('says "not shown to you" for an owner or system the catalog hides from the viewer, and filters by it', async () => {
    const page = fleetPage();
    const prototype = fleetRow({
      service: {
        ref: 'component:default/prototype',
        namespace: 'default',
        name: 'prototype',
        owner: COST_NOT_SHOWN,
        system: COST_NOT_SHOWN,
        tags: [],
      },
    });
    const api = mockDyplomaApi({
      getFleet: jest.fn(async () => ({
        ...page,
        items: [...page.items, prototype],
        facets: {
          ...page.facets,
          owner: [...page.facets.owner, { value: COST_NOT_SHOWN, count: 1 }],
        },
      })),
    });
    await render(api);
    const row = (
      await screen.findByRole('link', { name: 'prototype' })
    ).closest('tr')!;
    expect(within(row).getAllByText('not shown to you')).toHaveLength(2);
    expect(screen.queryByText(/__not_shown__/)).not.toBeInTheDocument();
    // Other rows still name their owner.
    expect(within(rowOf('payments')).getByText('team-payments')).toBeVisible();

    await userEvent.click(screen.getByLabelText('Owner'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'not shown to you (1)' }),
    );
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        owner: [COST_NOT_SHOWN],
      }),
    );
  });

  it('shows the error the server answers', async () => {
    const api = mockDyplomaApi({
      getFleet: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'InputError',
                message: 'sort: expected one of service, owner',
              },
              response: { statusCode: 400 },
            }),
            { status: 400, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      }),
    });
    await render(api, '/dyploma-fleet?sort=nope');
    expect(
      await screen.findByText(/sort: expected one of service, owner/),
    ).toBeInTheDocument();
  });

  it('gives the batch the configured environments, so it asks for a reason where one is required', async () => {
    const api = mockDyplomaApi({
      getFleet: jest.fn(async () =>
        fleetPage({
          environments: [
            {
              name: 'production',
              requireReason: false,
              clusters: [{ name: 'dc1', datacenter: 'fra' }],
            },
            {
              name: 'staging',
              requireReason: true,
              clusters: [{ name: 'stg1', datacenter: 'fra' }],
            },
          ],
        }),
      ),
    });
    await render(api, '/dyploma-fleet?environment=staging');
    await screen.findByRole('link', { name: 'payments' });
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Select payments (production, dc1)',
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Batch operation…' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Batch operation on 1 service',
    });
    const environment = within(dialog).getByLabelText('Environment');
    // Every configured environment, even one no row of this page is in.
    expect(
      within(environment)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['production', 'staging']);
    expect(environment).toHaveValue('staging');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(
      within(dialog).getByText('required: orders in staging must say why'),
    ).toBeInTheDocument();
    expect(api.previewBatch).not.toHaveBeenCalled();

    await userEvent.selectOptions(environment, 'production');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    await waitFor(() =>
      expect(api.previewBatch).toHaveBeenCalledWith({
        environment: 'production',
        action: { kind: 'restart' },
        select: { refs: ['component:default/payments'] },
        onForbidden: 'skip',
      }),
    );
  });

  it('selects services by hand or by filter and opens the batch on them', async () => {
    const api = mockDyplomaApi({
      getFleet: jest.fn(async () =>
        fleetPage({
          items: [
            fleetRow(),
            fleetRow({ cluster: 'dc2', datacenter: 'ams' }),
            fleetRow({
              service: {
                ...fleetRow().service,
                ref: 'component:default/ledger',
                name: 'ledger',
              },
            }),
          ],
        }),
      ),
    });
    await render(api, '/dyploma-fleet?environment=production&tag=java');
    await screen.findAllByRole('link', { name: 'payments' });
    const batchButton = screen.getByRole('button', {
      name: 'Batch operation…',
    });
    expect(batchButton).toBeDisabled();

    // A row's checkbox picks its service, in every cluster.
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Select payments (production, dc1)',
      }),
    );
    expect(
      screen.getByRole('checkbox', {
        name: 'Select payments (production, dc2)',
      }),
    ).toBeChecked();
    expect(screen.getByText('Selected: 1 service')).toBeInTheDocument();
    await userEvent.click(batchButton);
    const dialog = await screen.findByRole('dialog', {
      name: 'Batch operation on 1 service',
    });
    expect(within(dialog).getByLabelText('Environment')).toHaveValue(
      'production',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Select all 3 services matching the filter',
      }),
    );
    await userEvent.type(
      screen.getByRole('button', { name: 'Batch operation…' }),
      '{enter}',
    );
    const byFilter = await screen.findByRole('dialog', {
      name: 'Batch operation on every service matching the filter (3)',
    });
    await userEvent.type(within(byFilter).getByLabelText(/Reason/), 'weekly');
    await userEvent.click(
      within(byFilter).getByRole('button', { name: 'Preview' }),
    );
    await waitFor(() =>
      expect(api.previewBatch).toHaveBeenCalledWith({
        environment: 'production',
        action: { kind: 'restart' },
        // The batch's environment is its own; the rest of the filter selects.
        select: { filter: { tag: ['java'] } },
        onForbidden: 'skip',
        reason: 'weekly',
      }),
    );
  });
});
