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

/**
 * The bench backend: a real Backstage backend process with the catalog, auth
 * (guest provider), permissions (the demo's policy), signals, Backstage's
 * Kubernetes backend and Dyploma's backend, configured on the same clusters. Started by
 * bench.ts as `node backend.js --config <file>`.
 */
import { createBackend } from '@backstage/backend-defaults';
import { startLoopLog } from '../status-read/loopLog';

// BENCH_LOOP_LOG=<file>: the event loop's delay and every block over 5 ms (see loopLog.ts).
if (process.env.BENCH_LOOP_LOG) startLoopLog(process.env.BENCH_LOOP_LOG);

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('../../packages/backend/src/permissionPolicy'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// BENCH_FLEET_WITHOUT_DYPLOMA=1: the same backend without Dyploma, to tell its memory apart.
if (process.env.BENCH_FLEET_WITHOUT_DYPLOMA !== '1') {
  backend.add(import('@dyploma/plugin-dyploma-backend'));
  backend.add(import('@dyploma/plugin-catalog-backend-module-dyploma'));
}
backend.start();
