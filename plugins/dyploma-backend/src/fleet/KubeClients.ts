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

import type {
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  ConfigurationOptions,
  CoreV1Api,
  KubeConfig,
  Metrics,
  Watch,
} from '@kubernetes/client-node';
import type { ClusterInfo } from '../clusters/topology';
import { ClientNode, loadClientNode } from './clientNode';

/** The client-node objects for one cluster, built once and shared by its caches. */
export type KubeClients = {
  cluster: string;
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  autoscaling: AutoscalingV2Api;
  metrics: Metrics;
  watch: Watch;
  /**
   * Options for a generated API call that bind it to `signal` (a timeout, a
   * shutdown): client-node 1.x takes no signal argument, only middleware.
   */
  withSignal(signal: AbortSignal): ConfigurationOptions;
};

/**
 * A KubeConfig with a single context for the cluster: its URL, CA and
 * service account token as configured in app-config. Nothing is read from
 * `~/.kube` or the environment, so the backend only ever talks to the
 * clusters it was given.
 */
export function kubeConfigFor(k8s: ClientNode, cluster: ClusterInfo) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [{ name: 'dyploma', token: cluster.serviceAccountToken }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'dyploma' }],
    currentContext: cluster.name,
  });
  return kc;
}

/** Builds the API clients of one cluster. */
export async function createKubeClients(
  cluster: ClusterInfo,
): Promise<KubeClients> {
  const k8s = await loadClientNode();
  const kc = kubeConfigFor(k8s, cluster);
  return {
    cluster: cluster.name,
    kubeConfig: kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    batch: kc.makeApiClient(k8s.BatchV1Api),
    autoscaling: kc.makeApiClient(k8s.AutoscalingV2Api),
    metrics: new k8s.Metrics(kc),
    watch: new k8s.Watch(kc),
    withSignal: signal => ({
      middleware: [
        {
          pre: context => {
            context.setSignal(signal);
            return new k8s.Observable(Promise.resolve(context));
          },
          post: context => new k8s.Observable(Promise.resolve(context)),
        },
      ],
      middlewareMergeStrategy: 'append',
    }),
  };
}
