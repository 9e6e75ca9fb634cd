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

import { mockCredentials } from '@backstage/backend-test-utils';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import type { AddressInfo } from 'node:net';
import {
  seedRelease,
  startDyploma,
  USERS,
} from '../../service/__testUtils__/testBackend';

/** The test databases; call it when the test file loads (it registers Jest hooks). */
export function cliTestDatabases() {
  return createStoreTestDatabases();
}

/**
 * The real Dyploma backend plugin listening on a local port, for the CLI's tests: the test
 * backend of the API tests (its catalog, permission policy and topology; SQLite), with
 * payments and ledger deployed to production. The CLI package loads this file by path, as
 * it declares no dependency on the backend.
 */
export async function startCliBackend(
  databases: ReturnType<typeof createStoreTestDatabases>,
) {
  const [[databaseId]] = databases.eachSupportedId();
  const dyploma = await startDyploma(databases, databaseId);
  await seedRelease(dyploma, 'payments', 'production', '1.0.0', 3);
  await seedRelease(dyploma, 'ledger', 'production', '2.0.0', 4);
  const { port } = dyploma.server.address() as AddressInfo;
  return {
    dyploma,
    // Not `localhost`: resolving it takes ~5 s here inside Jest, and on a busy CI machine
    // long enough for the CLI's 10 s connect timeout.
    url: `http://127.0.0.1:${port}`,
    users: USERS,
    /** The bearer token of a user, without `Bearer `. */
    tokenOf: (user: string) => mockCredentials.user.token(user),
  };
}
