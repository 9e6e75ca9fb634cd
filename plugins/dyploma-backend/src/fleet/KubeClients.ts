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
  CoreV1Api,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import type { ClusterInfo } from '../clusters/topology';
import { ClientNode, loadClientNode } from './clientNode';

/**
 * The client-node objects for one cluster, built once: the caches list with
 * `getJson` and watch with `watch`; the typed APIs are for callers that want
 * the same configuration (writes, logs, tests).
 */
export type KubeClients = {
  cluster: string;
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  autoscaling: AutoscalingV2Api;
  watch: Watch;
  /**
   * GETs `path` and parses the JSON once, into plain objects. The caches list
   * with it rather than the generated API, whose responses go through
   * client-node's ObjectSerializer into class instances (dates as `Date`)
   * that the cache would only turn back into JSON: three copies of every
   * object of a list page at once. Same auth, TLS and HTTP client as the
   * watch (`applyToFetchOptions`, client-node's fetch). A non-2xx answer
   * throws client-node's `ApiException` (`code`, and the `body` as text).
   */
  getJson(
    path: string,
    query: Record<string, string | number | undefined>,
    signal: AbortSignal,
  ): Promise<any>;
  /**
   * `getJson` without the parse: the body's text, for a caller that parses a
   * large list a few items at a time (see ./listItems).
   */
  getText(
    path: string,
    query: Record<string, string | number | undefined>,
    signal: AbortSignal,
  ): Promise<string>;
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

/** See `KubeClients.getText`. */
function textGetter(k8s: ClientNode, kc: KubeConfig): KubeClients['getText'] {
  const http = new k8s.IsomorphicFetchHttpLibrary();
  const server = kc.getCurrentCluster()!.server;
  return async (path, query, signal) => {
    const url = new URL(server + path);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        url.searchParams.set(key, String(value));
      }
    }
    const init = await kc.applyToFetchOptions({});
    const request = new k8s.RequestContext(url.toString(), k8s.HttpMethod.GET);
    const headers = init.headers as unknown as {
      forEach(fn: (value: string, key: string) => void): void;
    };
    headers.forEach((value, key) => request.setHeaderParam(key, value));
    request.setHeaderParam('Accept', 'application/json');
    // A new agent per request, as client-node makes them. An agent kept alive
    // keeps each idle socket's last request, and through node-fetch's listeners
    // the chunks of its response: a whole list page per socket, 55 MiB of
    // buffers after one cold sync of the seed's fleet.
    if (init.agent) request.setAgent(init.agent as any);
    request.setSignal(signal);
    const response = await http.send(request).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new k8s.ApiException(
        response.httpStatusCode,
        `GET ${path}`,
        text,
        response.headers,
      );
    }
    return text;
  };
}

/** Builds the API clients of one cluster. */
export async function createKubeClients(
  cluster: ClusterInfo,
): Promise<KubeClients> {
  const k8s = await loadClientNode();
  const kc = kubeConfigFor(k8s, cluster);
  const getText = textGetter(k8s, kc);
  return {
    getJson: async (path, query, signal) =>
      JSON.parse(await getText(path, query, signal)),
    getText,
    cluster: cluster.name,
    kubeConfig: kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    batch: kc.makeApiClient(k8s.BatchV1Api),
    autoscaling: kc.makeApiClient(k8s.AutoscalingV2Api),
    watch: new k8s.Watch(kc),
  };
}
