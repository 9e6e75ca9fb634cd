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

import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

// scripts/demo writes a kubeconfig for kube-sim's clusters here.
const kubeconfig = resolve(__dirname, '../../../.data/kube-sim/kubeconfig');
const backend = 'http://localhost:7007';
const namespace = 'e2e-kubernetes-plugin';

function kubectl(context: string, args: string[], input?: object) {
  return execFileSync(
    'kubectl',
    ['--kubeconfig', kubeconfig, '--context', context, ...args],
    { encoding: 'utf8', input: input && JSON.stringify(input) },
  );
}

test.afterAll(() => {
  kubectl('dc2', ['delete', 'namespace', namespace, '--ignore-not-found']);
});

test("Backstage's own Kubernetes plugin lists a service's pods from the simulated clusters", async ({
  request,
}) => {
  // Two pods labelled for the catalog's `search` service, in dc2 only.
  kubectl('dc2', ['apply', '-f', '-'], {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  kubectl('dc2', ['apply', '-n', namespace, '-f', '-'], {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'search',
      labels: { 'backstage.io/kubernetes-id': 'search' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'search' } },
      template: {
        metadata: {
          labels: { app: 'search', 'backstage.io/kubernetes-id': 'search' },
        },
        spec: {
          containers: [
            {
              name: 'search',
              image: 'registry.example.com/search/search:7.1.0',
            },
          ],
        },
      },
    },
  });
  kubectl('dc2', [
    'rollout',
    'status',
    '-n',
    namespace,
    'deployment/search',
    '--timeout=60s',
  ]);

  const session = await request.post(`${backend}/api/auth/guest/refresh`);
  const token = (await session.json()).backstageIdentity.token;
  const headers = { Authorization: `Bearer ${token}` };
  const entity = await (
    await request.get(
      `${backend}/api/catalog/entities/by-name/component/default/search`,
      {
        headers,
      },
    )
  ).json();

  const response = await request.post(
    `${backend}/api/kubernetes/services/search`,
    {
      headers,
      data: { entity },
    },
  );
  expect(response.status()).toBe(200);
  const { items } = await response.json();
  const podsIn = (cluster: string) =>
    items
      .find((item: any) => item.cluster.name === cluster)
      ?.resources.find((r: any) => r.type === 'pods')?.resources ?? [];

  // The plugin leaves out clusters where it found nothing for the service.
  expect(items.map((item: any) => item.cluster.name)).toContain('dc2');
  const pods = podsIn('dc2');
  expect(pods).toHaveLength(2);
  expect(pods.every((pod: any) => pod.status.phase === 'Running')).toBe(true);
  expect(pods[0].spec.containers[0].image).toBe(
    'registry.example.com/search/search:7.1.0',
  );
  expect(podsIn('dc1')).toHaveLength(0);
});
