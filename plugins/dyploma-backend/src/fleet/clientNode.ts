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

/** The `@kubernetes/client-node` module, as loaded at run time. */
export type ClientNode = typeof import('@kubernetes/client-node');

let loading: Promise<ClientNode> | undefined;

/**
 * Loads `@kubernetes/client-node` once. Version 1.x is ESM-only, so the
 * CommonJS backend cannot `require` it at module load; a lazy dynamic import
 * works under Node 22 (Backstage's KubernetesFetcher does the same).
 *
 * Jest runs the backend's tests as CommonJS without VM modules, where a
 * dynamic import throws; tests replace this module with
 * `jest.mock('./clientNode', () => ({ loadClientNode: async () => require('@kubernetes/client-node') }))`
 * (as the tests in this folder do).
 */
export function loadClientNode(): Promise<ClientNode> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}
