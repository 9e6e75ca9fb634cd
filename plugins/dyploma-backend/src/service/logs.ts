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

import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { PassThrough } from 'node:stream';
import { EnvironmentInfo, namespaceFor } from '../clusters/topology';
import type { FleetCache, FleetObjects } from '../fleet';
import { labelMatcher } from '../fleet/labelSelector';
import { loadReadableService, requireEnvironment } from './access';
import { eventsRoute } from './events';
import { openPodLog } from './podLogStream';
import { intQuery, textQuery } from './query';
import {
  chooseClusters,
  datacenterOf,
  serviceSelector,
} from './serviceObjects';
import { RouteContext } from './types';

type Pod = FleetObjects['pods'];

/** A DNS-1123 subdomain, what Kubernetes allows as a pod name. */
const POD_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function booleanQuery(req: Request, name: string): boolean {
  const raw = textQuery(req, name);
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new InputError(
    `${name}: expected true or false, got ${JSON.stringify(raw.slice(0, 60))}`,
  );
}

/** The log request's query, checked before anything else happens. */
function parseLogQuery(req: Request) {
  const pod = textQuery(req, 'pod');
  if (pod === undefined || pod === '') {
    throw new InputError(
      'pod: required, the name of one of the service’s pods as the Runtime tab lists them',
    );
  }
  if (pod.length > 253 || !POD_NAME.test(pod)) {
    throw new InputError(
      `pod: expected a pod name such as payments-7d9c5b6f4-x2x8q, got ${JSON.stringify(
        pod.slice(0, 80),
      )}`,
    );
  }
  const query = {
    pod,
    cluster: textQuery(req, 'cluster'),
    container: textQuery(req, 'container'),
    follow: booleanQuery(req, 'follow'),
    previous: booleanQuery(req, 'previous'),
    tailLines: intQuery(req, 'tailLines', { min: 1, max: 100_000 }),
  };
  if (query.follow && query.previous) {
    throw new InputError(
      'follow: a previous container has ended and cannot be followed; ask for follow or previous, not both',
    );
  }
  return query;
}

type LogQuery = ReturnType<typeof parseLogQuery>;

/**
 * The pod, if it is one of the service's pods in the environment: found in the fleet
 * cache by name in the environment's clusters and namespace, with the service's labels.
 * The namespace and clusters come from the topology; the caller only names the pod
 * (and, if it must, which of the environment's clusters).
 */
function findServicePod(
  fleet: FleetCache,
  environment: EnvironmentInfo,
  serviceRef: string,
  serviceName: string,
  query: LogQuery,
): { cluster: string; namespace: string; pod: Pod } {
  const namespace = namespaceFor(environment, serviceName);
  const matches = labelMatcher(serviceSelector(serviceName, environment.name));
  const found = chooseClusters(environment, query.cluster).flatMap(cluster => {
    const pod = fleet.get('pods', cluster, namespace, query.pod);
    return pod && matches(pod.metadata?.labels) ? [{ cluster, pod }] : [];
  });
  if (found.length === 0) {
    throw new NotFoundError(
      `no pod ${query.pod} of ${serviceRef} in ${environment.name}${
        query.cluster ? ` on cluster ${query.cluster}` : ''
      }`,
    );
  }
  if (found.length > 1) {
    throw new InputError(
      `cluster: pod ${query.pod} runs in ${found
        .map(f => f.cluster)
        .join(' and ')}; say which with cluster=`,
    );
  }
  return { ...found[0], namespace };
}

/**
 * The container to read: the one asked for, or the service's own (named after it), or
 * the only one. Checked against the cached pod so the answer is a 400 naming the
 * containers rather than the cluster's terse refusal.
 */
function chooseContainer(pod: Pod, serviceName: string, asked?: string) {
  const names = (pod.spec?.containers ?? []).map(c => c.name);
  if (asked !== undefined) {
    if (!names.includes(asked)) {
      throw new InputError(
        `container: expected one of the containers of pod ${
          pod.metadata?.name
        } (${names.join(', ')}), got ${JSON.stringify(asked.slice(0, 80))}`,
      );
    }
    return asked;
  }
  return names.includes(serviceName) ? serviceName : names[0];
}

/**
 * The cluster's own rules for pods/log, checked on the cached pod first so the caller
 * learns what to do: a waiting container has no log yet (its previous one may), and a
 * container that never restarted has no previous log.
 */
function checkLogExists(pod: Pod, container: string, previous: boolean) {
  const status = pod.status?.containerStatuses?.find(s => s.name === container);
  const name = pod.metadata?.name;
  const hasPrevious = Boolean(status?.lastState?.terminated);
  if (previous && status && !hasPrevious) {
    throw new InputError(
      `previous: container ${container} of pod ${name} has not restarted, so there is no previous container log`,
    );
  }
  const waiting = status?.state?.waiting?.reason;
  if (!previous && waiting) {
    throw new InputError(
      `container ${container} of pod ${name} is waiting to start (${waiting})${
        hasPrevious
          ? '; the log of its previous container is there with previous=true'
          : ''
      }`,
    );
  }
}

/**
 * Streams the log to the caller. Logs are the one read that goes to the cluster: they
 * are not kept in the fleet caches (they would be most of their memory), so a log
 * request costs the cluster one pods/log call and a down cluster answers 503.
 */
async function streamLog(
  ctx: RouteContext,
  req: Request,
  res: Response,
  target: { cluster: string; namespace: string; pod: Pod },
  query: LogQuery & { container: string },
) {
  const fleet = ctx.fleet!;
  const { cluster } = target;
  const health = fleet.clusterHealth(cluster);
  const clients = fleet.kubeClients(cluster);
  if (!clients || health?.state === 'down') {
    throw new ServiceUnavailableError(
      `cluster ${cluster} (${datacenterOf(ctx, cluster)}) is unreachable${
        health?.lastSeen ? ` since ${health.lastSeen.toISOString()}` : ''
      }; logs are read from the cluster itself and cannot be shown until it is back`,
    );
  }
  const body = new PassThrough();
  const stream = await openPodLog(
    clients,
    {
      namespace: target.namespace,
      pod: query.pod,
      container: query.container,
      follow: query.follow,
      previous: query.previous,
      tailLines: query.tailLines,
    },
    body,
  );
  // The caller left (or the response ended): close the request to the cluster, or a
  // followed log would hold a connection to it for as long as the pod runs.
  res.on('close', () => stream.close());
  if (req.destroyed) stream.close();
  res.status(200);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (query.follow) {
    // no-transform keeps the backend's compression middleware (and proxies) from holding
    // the lines back until a gzip block fills: a followed log must arrive line by line.
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
  } else {
    res.setHeader('Cache-Control', 'no-store');
  }
  body.pipe(res);
}

/**
 * Logs and events of a service's pods in one environment. Events come from the fleet
 * caches (see ./events); logs from the cluster (see `streamLog`).
 */
export function podsRouter(ctx: RouteContext): express.Router {
  const router = Router({ mergeParams: true });

  async function access(req: Request) {
    const credentials = await ctx.httpAuth.credentials(req);
    const { namespace, name, environment } = req.params as Record<
      string,
      string
    >;
    const loaded = await loadReadableService(ctx, credentials, namespace, name);
    return { loaded, environment: requireEnvironment(ctx, environment) };
  }

  router.get('/logs', async (req, res) => {
    const { loaded, environment } = await access(req);
    const query = parseLogQuery(req);
    if (!ctx.fleet) {
      throw new ServiceUnavailableError('the fleet caches are not running');
    }
    const serviceName = loaded.compound.name;
    const target = findServicePod(
      ctx.fleet,
      environment,
      loaded.ref,
      serviceName,
      query,
    );
    const container = chooseContainer(target.pod, serviceName, query.container);
    checkLogExists(target.pod, container, query.previous);
    await streamLog(ctx, req, res, target, { ...query, container });
  });

  router.get('/events', eventsRoute(ctx, access));

  return router;
}
