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

/*
 * One Dyploma backend in a process of its own, for the process-level tests and for
 * bench/deploy: the real backend (createBackend from @backstage/backend-defaults) with the
 * dyploma plugin, its worker, its fleet cache, a real database (a SQLite file or
 * PostgreSQL, from `backend.database`) and real kube-sim clusters over HTTPS.
 *
 * Test doubles, because the real ones need a whole portal: the catalog serves the given
 * service entities from memory (catalogServiceMock), auth accepts mock tokens
 * (`mockCredentials.user.header(...)`), and every permission is allowed.
 *
 * Started by processHarness.ts as
 *   node --require @backstage/cli/config/nodeTransform.cjs backendProcess.ts
 * with its options in the JSON file named by DYPLOMA_PROCESS_OPTIONS; prints READY_LINE once the
 * backend listens.
 */

import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { readFileSync } from 'node:fs';
import { dyplomaPlugin } from '../../../plugin';
import { READY_LINE } from './processHarness';

export type BackendProcessOptions = {
  /** The whole app-config of the process (backend.listen, backend.database, dyploma). */
  config: JsonObject;
  /** The catalog's service entities. */
  entities: Entity[];
};

/**
 * Runs the backend of this process with the options from DYPLOMA_PROCESS_OPTIONS, plus
 * `features` (bench/deploy adds Backstage's Kubernetes plugin, its peer).
 */
export async function runBackendProcess(
  features: Parameters<ReturnType<typeof createBackend>['add']>[0][] = [],
) {
  const options: BackendProcessOptions = JSON.parse(
    readFileSync(process.env.DYPLOMA_PROCESS_OPTIONS!, 'utf8'),
  );
  const backend = createBackend();
  backend.add(mockServices.rootConfig.factory({ data: options.config }));
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(
    mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
  );
  backend.add(catalogServiceMock.factory({ entities: options.entities }));
  backend.add(dyplomaPlugin);
  for (const feature of features) backend.add(feature);
  await backend.start();
  process.stdout.write(`${READY_LINE}\n`);
}

if (require.main === module) {
  runBackendProcess().catch(error => {
    process.stderr.write(`backend process failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
