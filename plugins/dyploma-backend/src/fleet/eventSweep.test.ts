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

import { mockServices } from '@backstage/backend-test-utils';
import { KINDS } from './kinds';
import type { KubeClients } from './KubeClients';
import { ResourceCache } from './ResourceCache';
import { Interner } from './slim';
import { DEFAULT_TIMING } from './timing';

const quiet = mockServices.logger.mock();

jest.setTimeout(30_000);

const NAMESPACES = 200;
const PER_NAMESPACE = 200;
// Long enough for the list of them all to be taken in on a loaded machine.
const TTL_MS = 4000;

describe('the Event sweep at scale', () => {
  it('lets readers run while it sweeps many Events, and sweeps each namespace whole', async () => {
    // All listed at once, all last seen now: they all age out together, TTL_MS later.
    const now = new Date().toISOString();
    const items: object[] = [];
    for (let n = 0; n < NAMESPACES; n++) {
      for (let e = 0; e < PER_NAMESPACE; e++) {
        items.push({
          metadata: { name: `pod-${e}.${n}`, namespace: `ns-${n}` },
          involvedObject: { kind: 'Pod', name: `pod-${e}` },
          reason: 'Pulled',
          message: 'Container image pulled',
          type: 'Normal',
          eventTime: now,
        });
      }
    }
    const clients = {
      cluster: 'dc1',
      getJson: async () => ({ metadata: { resourceVersion: '1' }, items }),
      // A watch that stays open and quiet.
      watch: { watch: async () => new AbortController() },
    } as unknown as KubeClients;
    let deleted = 0;
    const cache = new ResourceCache({
      spec: KINDS.events,
      clients,
      timing: {
        ...DEFAULT_TIMING,
        eventTtlMs: TTL_MS,
        eventSweepIntervalMs: 100,
        eventsPerNamespace: PER_NAMESPACE,
      },
      logger: quiet,
      interner: new Interner(),
      onChange: change => {
        if (change.type === 'DELETED') deleted++;
      },
      onStatus: () => {},
    });
    // What a reader between other work sees: how many namespaces are whole, empty, or neither.
    const seen = new Set<string>();
    let reading = true;
    const read = () => {
      let whole = 0;
      let empty = 0;
      for (let n = 0; n < NAMESPACES; n++) {
        const count = cache.index.countIn(`ns-${n}`);
        if (count === PER_NAMESPACE) whole++;
        else if (count === 0) empty++;
      }
      if (whole === NAMESPACES) seen.add('all');
      else if (empty === NAMESPACES) seen.add('none');
      else if (whole + empty === NAMESPACES) seen.add('some namespaces swept');
      else seen.add('a namespace half swept');
      if (reading) setImmediate(read);
    };
    let started = false;
    let listed = 0;
    cache.start();
    try {
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`${deleted} Events swept within 25 s`)),
          25_000,
        );
        const check = setInterval(() => {
          if (!started && cache.status().synced) {
            started = true;
            listed = cache.index.size;
            setImmediate(read);
          }
          if (deleted === NAMESPACES * PER_NAMESPACE) {
            clearTimeout(deadline);
            clearInterval(check);
            resolve();
          }
        }, 5);
      });
    } finally {
      reading = false;
      // The last namespace's sweep and the check above can fall between two of the
      // reader's turns: one more read sees the state a reader finds after the sweep.
      read();
      await cache.stop();
    }
    expect(listed).toBe(NAMESPACES * PER_NAMESPACE);
    expect(cache.index.size).toBe(0);
    expect(cache.status().dropped).toBe(NAMESPACES * PER_NAMESPACE);
    expect([...seen].sort()).toEqual(['all', 'none', 'some namespaces swept']);
  });
});
