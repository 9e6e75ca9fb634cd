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
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CORPUS_CONTEXT,
  GOOD_MODELS,
  parseCatalogEntity,
} from '@dyploma/plugin-dyploma-common/testUtils';
import { CatalogModelSource } from './CatalogModelSource';
import { corpusModel } from './__testUtils__/corpusModel';
import { isTransient, withTransientRetry } from './transientRetry';

/*
 * The catalog here is a stand-in whose calls fail on purpose: a real catalog cannot be
 * made to reset one connection on demand. The failure is the one bench/fleet saw from
 * the real catalog under load (`socket hang up`, code ECONNRESET).
 */
function resetError() {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

const minimal = parseCatalogEntity(
  GOOD_MODELS.find(g => g.name === 'minimal')!.entity,
);
const ref = `component:${minimal.metadata.namespace ?? 'default'}/${
  minimal.metadata.name
}`;

function sourceWith(getEntityByRef: jest.Mock) {
  return new CatalogModelSource({
    catalog: { getEntityByRef } as unknown as CatalogService,
    auth: mockServices.auth(),
    context: CORPUS_CONTEXT,
  });
}

describe('CatalogModelSource', () => {
  it('reads the model again after a reset connection to the catalog', async () => {
    const getEntityByRef = jest
      .fn()
      .mockRejectedValueOnce(resetError())
      .mockRejectedValueOnce(new Error('fetch failed', { cause: resetError() }))
      .mockResolvedValueOnce(minimal);
    const model = await sourceWith(getEntityByRef).effectiveModel(
      ref,
      'production',
    );
    expect(model).toEqual(corpusModel('minimal', 'production'));
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('does not retry an answer: a service missing from the catalog fails at once', async () => {
    const getEntityByRef = jest.fn().mockResolvedValue(undefined);
    await expect(
      sourceWith(getEntityByRef).effectiveModel(ref, 'production'),
    ).rejects.toThrow(/is not in the catalog/);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
  });
});

describe('withTransientRetry', () => {
  it('gives up after the last attempt with the last error', async () => {
    const call = jest.fn().mockRejectedValue(resetError());
    await expect(
      withTransientRetry(call, { attempts: 3, sleep: async () => {} }),
    ).rejects.toThrow('socket hang up');
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('tells broken connections and 5xx from answers', () => {
    expect(isTransient(resetError())).toBe(true);
    expect(isTransient({ response: { status: 503 } })).toBe(true);
    expect(isTransient({ response: { status: 429 } })).toBe(true);
    expect(isTransient({ response: { status: 404 } })).toBe(false);
    expect(isTransient({ statusCode: 403 })).toBe(false);
    expect(isTransient(new Error('no spec.dyploma'))).toBe(false);
  });
});
