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

import { InputError } from '@backstage/errors';
import { LABELS } from '@dyploma/plugin-dyploma-common';
import { EnvironmentInfo } from '../clusters/topology';
import type { LabelSelector } from '../fleet';
import { RouteContext } from './types';

/**
 * The labels every object Dyploma renders for a service in an environment carries: how
 * the fleet caches tell one service's Deployments, ReplicaSets, Pods and HPAs from
 * another's, whatever namespace they share.
 */
export function serviceSelector(
  serviceName: string,
  environment: string,
): LabelSelector {
  return {
    [LABELS.name]: serviceName,
    [LABELS.managedBy]: 'dyploma',
    [LABELS.environment]: environment,
  };
}

/**
 * The environment's clusters, or the one the caller chose among them. A cluster outside
 * the environment is a 400 naming the allowed ones: the caller picks among the service's
 * own clusters, never an arbitrary one.
 */
export function chooseClusters(
  environment: EnvironmentInfo,
  cluster: string | undefined,
): string[] {
  const names = environment.clusters.map(c => c.name);
  if (cluster === undefined) return names;
  if (!names.includes(cluster)) {
    throw new InputError(
      `cluster: expected one of the clusters of ${
        environment.name
      } (${names.join(', ')}), got ${JSON.stringify(cluster.slice(0, 80))}`,
    );
  }
  return [cluster];
}

/** The datacenter of a cluster, for the UI and error messages. */
export function datacenterOf(ctx: RouteContext, cluster: string): string {
  return ctx.topology.clusters.get(cluster)?.datacenter ?? cluster;
}
