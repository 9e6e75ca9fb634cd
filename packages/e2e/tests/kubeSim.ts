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

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// kube-sim's control API (packages/kube-sim README), on the port after the three
// clusters that scripts/demo starts on 6443-6445.
const control = 'http://127.0.0.1:6446/control/v1';
const tokenFile = resolve(__dirname, '../../../.data/kube-sim/token');

async function call(method: string, path: string) {
  // The demo's kube-sim token, sent in case the control API asks for it.
  const token = readFileSync(tokenFile, 'utf8').trim();
  const response = await fetch(`${control}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    throw new Error(
      `kube-sim ${method} ${path}: ${response.status} ${await response.text()}`,
    );
  }
  return response.json();
}

/** Takes a simulated cluster off the network: its API server refuses connections. */
export const clusterDown = (cluster: string) =>
  call('POST', `/clusters/${cluster}/down`);

/** Brings a cluster taken down back, on the same port. */
export const clusterUp = (cluster: string) =>
  call('POST', `/clusters/${cluster}/up`);
