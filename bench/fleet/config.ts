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

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CATALOG_NAMESPACE,
  CLUSTERS,
  ENVIRONMENTS,
  SERVICES,
  TEAMS,
  serviceName,
  teamOf,
} from './fleetShape';

export type SimInfo = {
  pid: number;
  clusters: Array<{ name: string; url: string; token: string }>;
  caData: string;
  controlUrl: string;
};

/**
 * The catalog the bench backend reads from a file: 400 Components of type
 * service with `spec.dyploma`, their 40 owning groups, and the guest user in
 * platform-admins (so the guest may restart every service).
 */
export function writeCatalog(dir: string): string {
  const docs: object[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform-admins' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'guest' },
      spec: { memberOf: ['platform-admins'] },
    },
  ];
  for (let t = 0; t < TEAMS; t++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: teamOf(t) },
      spec: { type: 'team', children: [] },
    });
  }
  for (let i = 0; i < SERVICES; i++) {
    const name = serviceName(i);
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: CATALOG_NAMESPACE,
        description: `Bench service ${i}`,
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: teamOf(i),
        dyploma: { image: `registry.example.com/${teamOf(i)}/${name}` },
      },
    });
  }
  const file = join(dir, 'catalog.yaml');
  // JSON is YAML: one document per entity.
  writeFileSync(file, docs.map(d => `---\n${JSON.stringify(d)}\n`).join(''));
  return file;
}

/**
 * The bench backend's app-config: the Kubernetes plugin's clusters (which
 * Dyploma reads too, so both plugins talk to the same API servers with the
 * same token), Dyploma's environments, SQLite files under `dir` (kept across
 * the seeding and the measured start, so releases survive), the guest
 * provider, and permissions on with the demo's policy.
 */
export function writeAppConfig(options: {
  dir: string;
  port: number;
  sim: SimInfo;
  catalogFile: string;
  workerConcurrency: number;
  /** The file name, and its SQLite directory's: a second backend on the same clusters needs its own. */
  name?: string;
}): string {
  const { dir, port, sim, catalogFile, workerConcurrency } = options;
  const name = options.name ?? 'app-config';
  const config = {
    app: { baseUrl: 'http://127.0.0.1:3999' },
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: {
        client: 'better-sqlite3',
        connection: {
          directory: join(
            dir,
            name === 'app-config' ? 'sqlite' : `sqlite-${name}`,
          ),
        },
      },
    },
    auth: {
      // The backend runs without NODE_ENV=development, as in production; the
      // guest is the bench's only user, on the loopback address.
      providers: {
        guest: {
          userEntityRef: 'user:default/guest',
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    permission: { enabled: true },
    catalog: {
      rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
      locations: [{ type: 'file', target: catalogFile }],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: sim.clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            caData: sim.caData,
          })),
        },
      ],
    },
    dyploma: {
      clusters: CLUSTERS.map(c => ({ name: c.name, datacenter: c.datacenter })),
      environments: Object.fromEntries(
        ENVIRONMENTS.map(e => [
          e.name,
          { clusters: e.clusters, namespace: e.namespace },
        ]),
      ),
      worker: { concurrency: workerConcurrency },
    },
  };
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
