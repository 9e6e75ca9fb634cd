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

import type { KubernetesObject } from '@dyploma/plugin-dyploma-common';
import type { KubernetesObjectApi } from '@kubernetes/client-node';
import { applyObjects } from '../apply';
import type { ClusterInfo } from '../clusters/topology';
import { keepAliveObjectApi } from './keepAliveObjectApi';
import type { Applier, ApplyResult } from './types';

/**
 * The worker's Applier: server-side apply of a release's objects (field manager dyploma).
 * A KubeApplyError already says whether it is worth retrying; it passes through as is.
 */
export class ServerSideApplier implements Applier {
  /** One client per cluster, so an apply's requests reuse connections. */
  private readonly clients = new Map<string, Promise<KubernetesObjectApi>>();

  constructor(private readonly options: { timeoutMs?: number } = {}) {}

  async apply(
    cluster: ClusterInfo,
    objects: KubernetesObject[],
  ): Promise<ApplyResult> {
    let client = this.clients.get(cluster.name);
    if (!client) {
      client = keepAliveObjectApi(cluster, this.options.timeoutMs);
      this.clients.set(cluster.name, client);
    }
    const result = await applyObjects(
      { cluster, timeoutMs: this.options.timeoutMs, client: await client },
      objects,
    );
    const deployment = result.objects.find(o => o.kind === 'Deployment');
    return { deploymentGeneration: deployment?.generationAfter };
  }
}
