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

export interface Config {
  dyploma?: {
    /**
     * The Kubernetes clusters Dyploma deploys to. A cluster already configured for
     * Backstage's Kubernetes plugin (`kubernetes.clusterLocatorMethods`, type `config`)
     * needs only its `name` here: its URL and credentials are taken from there. Without
     * `dyploma.clusters`, every cluster of the Kubernetes plugin's config is used.
     */
    clusters?: Array<{
      /** Cluster name, as environments and the UI refer to it. */
      name: string;
      /** Datacenter (or region) the cluster runs in; default: the cluster name. */
      datacenter?: string;
      /** API server URL; default: the Kubernetes plugin's cluster of the same name. */
      url?: string;
      /**
       * Bearer token of Dyploma's deploy identity in this cluster.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * PEM certificate authority, base64, to verify the API server.
       * @visibility secret
       */
      caData?: string;
      /** Skip TLS verification of the API server (test clusters only). */
      skipTLSVerify?: boolean;
      /** Prices used by cost reports. Defaults: 0.031 per core-hour, 0.004 per GiB-hour. */
      pricing?: {
        /** Price of one CPU core for one hour. */
        cpuCoreHour?: number;
        /** Price of one GiB of memory for one hour. */
        memoryGiBHour?: number;
        /**
         * Prices of some node types, by the value of the node label
         * `node.kubernetes.io/instance-type`: a pod on a node of a listed type is charged
         * that type's prices, and the node's capacity (for idle cost) is priced the same
         * way. Pods on other nodes are charged the cluster's prices above. Default: none.
         */
        nodeTypes?: Array<{
          /** The instance type, e.g. `m5.large`. */
          instanceType: string;
          /** Price of one CPU core for one hour; default: the cluster's. */
          cpuCoreHour?: number;
          /** Price of one GiB of memory for one hour; default: the cluster's. */
          memoryGiBHour?: number;
        }>;
      };
    }>;
    /** Cost collection. */
    cost?: {
      /** Days of hourly cost rows kept. Default 400. */
      retentionDays?: number;
      /**
       * Demo setups only: at start-up, write a week of hourly rows for the catalog's
       * services from the simulator's usage model (as if each had been deployed to every
       * environment as its model says), marked as demo data, so cost shows from the first
       * start. Hours that already hold rows are never written again. Default false.
       */
      demoBackfill?: boolean;
    };
    /** The worker that carries out orders; every backend replica runs one by default. */
    worker?: {
      /** false: this replica takes no orders (they wait for a replica that does). */
      enabled?: boolean;
      /** Orders carried out at once by one replica. Default 8. */
      concurrency?: number;
      /** How long a claim on an order lasts without renewal. Default 30. */
      leaseSeconds?: number;
      /** How long a rollout may take before it is failed. Default 900. */
      rolloutTimeoutSeconds?: number;
    };
    /**
     * The read routes (a service's status, orders, releases, logs, events) answer from a
     * shared catalog snapshot (read with the plugin's own credentials, at most about 30 s
     * old) and from each caller's read decisions, kept for a few seconds. Writes never do.
     */
    readCache?: {
      /**
       * How long a caller's decisions on the catalog's read permission and
       * `dyploma.service.read` serve their reads, in seconds, from 0 to 60. Default 5.
       * 0: every read asks the catalog and the permission backend, as writes do.
       */
      decisionSeconds?: number;
    };
    /**
     * Environments by name (e.g. dev, staging, production), each with its clusters and
     * rollout policy.
     */
    environments?: {
      [name: string]: {
        /** Clusters of the environment: names, or `{ name, weight }` for placement. */
        clusters: Array<string | { name: string; weight?: number }>;
        /**
         * How replicas are placed: `weighted` divides them over the clusters by weight
         * (default), `every-cluster` runs the full count in each cluster.
         */
        placement?: 'weighted' | 'every-cluster';
        /** Roll out one datacenter at a time, each healthy before the next. Default false. */
        waves?: boolean;
        /** Orders must say why. Default: true for an environment named production. */
        requireReason?: boolean;
        /** Roll back automatically when a rollout fails. Default true. */
        autoRollback?: boolean;
        /**
         * The Kubernetes namespace of a service, `{service}` replaced by the service's
         * name. Default `{service}`.
         */
        namespace?: string;
      };
    };
  };
}
