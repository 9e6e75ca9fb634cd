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

import { clusterState, lastSeenOf } from './health';
import type { ResourceCacheStatus } from './ResourceCache';

const kind = (s: Partial<ResourceCacheStatus>): ResourceCacheStatus => ({
  resource: 'pods',
  synced: false,
  healthy: false,
  objects: 0,
  lists: 0,
  expirations: 0,
  stalls: 0,
  dropped: 0,
  failures: 0,
  ...s,
});

describe('clusterState', () => {
  const ok = kind({ synced: true, healthy: true });
  const failing = kind({ synced: true, failures: 2, lastError: 'x' });
  const neverListed = kind({ failures: 1 });
  const pending = kind({});

  it('is connected when every kind is listed and watching', () => {
    expect(clusterState([ok, ok])).toBe('connected');
  });
  it('is down when every kind fails, listed before or not', () => {
    expect(clusterState([failing, neverListed])).toBe('down');
  });
  it('is degraded when some kinds fail and others work', () => {
    expect(clusterState([ok, failing])).toBe('degraded');
    expect(clusterState([pending, failing])).toBe('degraded');
  });
  it('is connecting while kinds are still being listed and none failed', () => {
    expect(clusterState([pending, pending])).toBe('connecting');
    expect(clusterState([ok, pending])).toBe('connecting');
  });
  it('takes the latest last-seen time of its kinds', () => {
    const t = (s: number) => new Date(s * 1000);
    expect(
      lastSeenOf([
        kind({ lastSeen: t(5) }),
        kind({ lastSeen: t(9) }),
        kind({}),
      ]),
    ).toEqual(t(9));
    expect(lastSeenOf([kind({})])).toBeUndefined();
  });
});
