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

import { Config } from '@backstage/config';

/** One Kubernetes cluster Dyploma deploys to. */
export type ClusterInfo = {
  name: string;
  datacenter: string;
  url: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify: boolean;
  pricing: { cpuCoreHour: number; memoryGiBHour: number };
};

/** An environment: its clusters (with placement weights) and rollout policy. */
export type EnvironmentInfo = {
  name: string;
  clusters: Array<{ name: string; weight: number }>;
  placement: 'weighted' | 'every-cluster';
  waves: boolean;
  requireReason: boolean;
  autoRollback: boolean;
  /** Namespace template; `{service}` is replaced by the service's name. */
  namespace: string;
};

/** The clusters and environments from app-config. */
export type Topology = {
  clusters: Map<string, ClusterInfo>;
  environments: Map<string, EnvironmentInfo>;
};

/** Documented defaults (config.d.ts): a modest on-premises price per hour. */
export const DEFAULT_PRICING = { cpuCoreHour: 0.031, memoryGiBHour: 0.004 };
const PLACEMENTS = ['weighted', 'every-cluster'] as const;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Clusters of Backstage's Kubernetes plugin config, by name, so nothing is written twice. */
function kubernetesPluginClusters(config: Config): Map<string, Config> {
  const byName = new Map<string, Config>();
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      byName.set(cluster.getString('name'), cluster);
    }
  }
  return byName;
}

/**
 * Reads `dyploma.clusters` and `dyploma.environments`. A mistake stops the backend at
 * start-up with the config key and what is expected, never at the first deploy.
 */
export function readTopology(config: Config): Topology {
  const problems: string[] = [];
  const fromPlugin = kubernetesPluginClusters(config);
  const clusters = new Map<string, ClusterInfo>();

  const own = config.getOptionalConfigArray('dyploma.clusters');
  const entries: Array<{ key: string; own?: Config; name: string }> = own
    ? own.map((c, i) => ({
        key: `dyploma.clusters[${i}]`,
        own: c,
        name: c.getString('name'),
      }))
    : [...fromPlugin.keys()].map(name => ({
        key: `kubernetes cluster ${name}`,
        name,
      }));

  for (const { key, own: c, name } of entries) {
    const plugin = fromPlugin.get(name);
    const read = <T>(get: (from: Config) => T | undefined) =>
      (c && get(c)) ?? (plugin && get(plugin));
    const url = read(x => x.getOptionalString('url'));
    if (!DNS_LABEL.test(name)) {
      problems.push(
        `${key}.name: expected a DNS label (a-z, 0-9, -), got "${name}"`,
      );
    }
    if (clusters.has(name)) {
      problems.push(`${key}.name: cluster "${name}" is configured twice`);
    }
    if (!url) {
      problems.push(
        `${key}.url: missing; give the API server URL here or configure a cluster named "${name}" for the Kubernetes plugin`,
      );
      continue;
    }
    const pricing = {
      cpuCoreHour:
        c?.getOptionalNumber('pricing.cpuCoreHour') ??
        DEFAULT_PRICING.cpuCoreHour,
      memoryGiBHour:
        c?.getOptionalNumber('pricing.memoryGiBHour') ??
        DEFAULT_PRICING.memoryGiBHour,
    };
    for (const [field, value] of Object.entries(pricing)) {
      if (!(value >= 0)) {
        problems.push(
          `${key}.pricing.${field}: expected a price of 0 or more, got ${value}`,
        );
      }
    }
    clusters.set(name, {
      name,
      datacenter: c?.getOptionalString('datacenter') ?? name,
      url,
      serviceAccountToken: read(x =>
        x.getOptionalString('serviceAccountToken'),
      ),
      caData: read(x => x.getOptionalString('caData')),
      skipTLSVerify: read(x => x.getOptionalBoolean('skipTLSVerify')) ?? false,
      pricing,
    });
  }

  const environments = new Map<string, EnvironmentInfo>();
  const envConfig = config.getOptionalConfig('dyploma.environments');
  for (const name of envConfig?.keys() ?? []) {
    const key = `dyploma.environments.${name}`;
    const env = envConfig!.getConfig(name);
    if (!DNS_LABEL.test(name)) {
      problems.push(
        `${key}: environment names are DNS labels (a-z, 0-9, -), got "${name}"`,
      );
    }
    const members = (env.getOptional('clusters') ?? []) as unknown[];
    if (!Array.isArray(members) || members.length === 0) {
      problems.push(
        `${key}.clusters: expected a list of one or more cluster names`,
      );
      continue;
    }
    const envClusters = members.map((m, i) => {
      const entry =
        typeof m === 'string'
          ? { name: m, weight: 1 }
          : (m as { name?: unknown; weight?: unknown });
      const cluster = { name: String(entry.name), weight: entry.weight ?? 1 };
      if (!clusters.has(cluster.name)) {
        problems.push(
          `${key}.clusters[${i}]: no cluster named "${
            cluster.name
          }"; configured clusters: ${
            [...clusters.keys()].join(', ') || 'none'
          }`,
        );
      }
      if (typeof cluster.weight !== 'number' || !(cluster.weight >= 0)) {
        problems.push(
          `${key}.clusters[${i}].weight: expected a number of 0 or more, got ${JSON.stringify(
            cluster.weight,
          )}`,
        );
      }
      return cluster as { name: string; weight: number };
    });
    const placement = env.getOptionalString('placement') ?? 'weighted';
    if (!(PLACEMENTS as readonly string[]).includes(placement)) {
      problems.push(
        `${key}.placement: expected weighted or every-cluster, got "${placement}"`,
      );
    }
    const namespace = env.getOptionalString('namespace') ?? '{service}';
    if (!DNS_LABEL.test(namespace.replace('{service}', 'service'))) {
      problems.push(
        `${key}.namespace: expected a DNS label, optionally with {service}, got "${namespace}"`,
      );
    }
    environments.set(name, {
      name,
      clusters: envClusters,
      placement: placement as EnvironmentInfo['placement'],
      waves: env.getOptionalBoolean('waves') ?? false,
      requireReason:
        env.getOptionalBoolean('requireReason') ?? name === 'production',
      autoRollback: env.getOptionalBoolean('autoRollback') ?? true,
      namespace,
    });
  }

  if (problems.length > 0) {
    throw new Error(
      `Invalid Dyploma configuration:\n  ${problems.join('\n  ')}`,
    );
  }
  return { clusters, environments };
}

/** The namespace of a service in an environment (derived here, never taken from a request). */
export function namespaceFor(
  environment: EnvironmentInfo,
  serviceName: string,
) {
  return environment.namespace.replace('{service}', serviceName);
}
