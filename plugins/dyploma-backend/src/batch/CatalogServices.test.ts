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

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogServices } from './CatalogServices';

function service(name: string, image = `registry.example.com/${name}`) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', description: 'not kept' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-payments',
      dyploma: { image },
    },
  } as Entity;
}

/** The catalog's in-memory stand-in, its list replaceable and its reads counted. */
function setup() {
  let now = 1_000_000;
  let entities: Entity[] = [service('payments'), service('ledger')];
  let failing = false;
  let reads = 0;
  const catalog = catalogServiceMock.mock({
    async getEntities(request) {
      reads++;
      if (failing) throw new Error('catalog unavailable');
      return catalogServiceMock({ entities }).getEntities(request);
    },
  });
  const services = new CatalogServices(catalog, mockServices.auth(), () => now);
  const settle = () => new Promise(r => setTimeout(r, 0));
  return {
    services,
    advance: (ms: number) => (now += ms),
    setEntities: (e: Entity[]) => (entities = e),
    fail: (f: boolean) => (failing = f),
    reads: () => reads,
    settle,
  };
}

describe('CatalogServices', () => {
  it('answers entities from the snapshot, never waiting for the catalog', async () => {
    const { services, reads, settle } = setup();
    // Not loaded yet: the caller asks the catalog itself; the snapshot loads meanwhile.
    expect(services.entity('component:default/payments')).toBeUndefined();
    await settle();
    expect(reads()).toBe(1);
    const payments = services.entity('Component:Default/Payments');
    expect(payments).toEqual({
      kind: 'Component',
      metadata: { name: 'payments', namespace: 'default' },
      spec: {
        type: 'service',
        owner: 'group:default/team-payments',
        dyploma: { image: 'registry.example.com/payments' },
      },
    });
    // The same object while the snapshot lasts (what the model's memo keys on).
    expect(services.entity('component:default/payments')).toBe(payments);
    expect(services.entity('component:default/nothing')).toBeUndefined();
    expect(reads()).toBe(1);
  });

  it('serves a stale snapshot while it reloads after 30 s', async () => {
    const { services, advance, setEntities, reads, settle } = setup();
    services.entity('component:default/payments');
    await settle();
    setEntities([service('payments', 'registry.example.com/payments-v2')]);
    advance(30_000);
    expect(
      (services.entity('component:default/payments')?.spec as any).dyploma,
    ).toEqual({ image: 'registry.example.com/payments' });
    await settle();
    expect(reads()).toBe(2);
    expect(
      (services.entity('component:default/payments')?.spec as any).dyploma,
    ).toEqual({ image: 'registry.example.com/payments-v2' });
    // ledger was deleted from the catalog: gone with the new snapshot.
    expect(services.entity('component:default/ledger')).toBeUndefined();
  });

  it('prefers an entity remembered after the snapshot was read, until a newer snapshot', async () => {
    const { services, advance, setEntities, settle } = setup();
    services.entity('component:default/payments');
    await settle();
    advance(1_000);
    const fresher = service('payments', 'registry.example.com/payments-v3');
    services.remember(fresher);
    expect(services.entity('component:default/payments')).toBe(fresher);
    const search = service('search');
    services.remember(search);
    expect(services.entity('component:default/search')).toBe(search);

    setEntities([service('payments', 'registry.example.com/payments-v4')]);
    advance(30_000);
    services.entity('component:default/payments');
    await settle();
    expect(
      (services.entity('component:default/payments')?.spec as any).dyploma,
    ).toEqual({ image: 'registry.example.com/payments-v4' });
    expect(services.entity('component:default/search')).toBeUndefined();
  });

  it('stops answering from a snapshot the catalog could not refresh for 5 minutes', async () => {
    const { services, advance, fail, reads, settle } = setup();
    services.entity('component:default/payments');
    await settle();
    fail(true);
    advance(60_000);
    expect(services.entity('component:default/payments')).toBeDefined();
    await settle();
    advance(4 * 60_000);
    expect(services.entity('component:default/payments')).toBeUndefined();
    await settle();
    expect(reads()).toBe(3);
    // The fleet page waits for the catalog then, and sees its error.
    await expect(
      services.list(mockCredentials.user('user:default/alice')),
    ).rejects.toThrow('catalog unavailable');
  });

  it('keeps no snapshot without the plugin’s own credentials', async () => {
    const catalog = catalogServiceMock({ entities: [service('payments')] });
    const services = new CatalogServices(catalog);
    expect(services.entity('component:default/payments')).toBeUndefined();
    services.remember(service('payments'));
    expect(services.entity('component:default/payments')).toBeUndefined();
    expect(
      (await services.list(mockCredentials.user('user:default/alice'))).map(
        s => s.ref,
      ),
    ).toEqual(['component:default/payments']);
  });
});
