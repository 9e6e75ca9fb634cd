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
import type { Readable, Writable } from 'node:stream';
import { loadClientNode } from '../fleet/clientNode';
import type { KubeClients } from '../fleet';

export type PodLogRequest = {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  previous: boolean;
  tailLines?: number;
};

/** An open log stream: `close()` ends the request to the cluster. */
export type PodLogStream = { close(): void };

/** How long the cluster may take to start answering a log request. */
export const LOG_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the log of a pod's container on its cluster with client-node's `Log` (the
 * `pods/log` subresource) and pipes it into `into`. Resolves once the cluster answered
 * 200, so a refusal can still be sent to the caller as a JSON error; `into` ends when
 * the log ends (at once without `follow`; when the container stops with it) or when
 * the upstream request fails or is closed.
 */
export async function openPodLog(
  clients: KubeClients,
  request: PodLogRequest,
  into: Writable,
  timeoutMs = LOG_CONNECT_TIMEOUT_MS,
): Promise<PodLogStream> {
  const k8s = await loadClientNode();
  // client-node pipes the response body into `into` without listening to the body's
  // errors; closing the request makes the body emit one, which would otherwise be an
  // uncaught 'error' event. Ending `into` is all an aborted or broken stream needs.
  into.once('pipe', (source: Readable) => {
    source.on('error', () => {
      if (!into.writableEnded) into.end();
    });
  });
  const opening = new k8s.Log(clients.kubeConfig).log(
    request.namespace,
    request.pod,
    request.container,
    into,
    {
      follow: request.follow,
      previous: request.previous,
      ...(request.tailLines !== undefined && { tailLines: request.tailLines }),
    },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ServiceUnavailableError(
            `cluster ${
              clients.cluster
            } did not answer the log request within ${Math.round(
              timeoutMs / 1000,
            )} s`,
          ),
        ),
      timeoutMs,
    );
  });
  // A request that answers after the timeout is closed at once.
  let timedOut = false;
  opening.then(
    controller => timedOut && controller.abort(),
    () => {},
  );
  try {
    const controller = await Promise.race([opening, timeout]);
    return { close: () => controller.abort() };
  } catch (error) {
    timedOut = true;
    throw logError(error, clients.cluster, request);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * client-node's `Log` keeps the HTTP status of a refusal but not its message, and
 * turns a connection failure into a bodiless 500: the caller gets the status mapped
 * to what it means for them, and "unreachable" as a 503 naming the cluster.
 */
function logError(error: unknown, cluster: string, request: PodLogRequest) {
  const e = error as { code?: unknown; body?: unknown; name?: string };
  if (e?.name === 'ServiceUnavailableError') return error as Error;
  const code = typeof e?.code === 'number' ? e.code : undefined;
  const status = (e?.body ?? {}) as { message?: unknown };
  const said = typeof status.message === 'string' ? `: ${status.message}` : '';
  if (code === 404) {
    return new NotFoundError(
      `pod ${request.pod} is no longer in cluster ${cluster}${said}`,
    );
  }
  if (code === 400) {
    return new InputError(
      `cluster ${cluster} refused to show the log of ${request.pod}/${
        request.container
      }${said || ' (HTTP 400)'}`,
    );
  }
  if (code === 401 || code === 403) {
    return new ServiceUnavailableError(
      `Dyploma's credentials for cluster ${cluster} may not read pod logs (HTTP ${code}); ask the platform team to grant pods/log`,
    );
  }
  if (code === 500 && e.body === undefined) {
    return new ServiceUnavailableError(
      `cluster ${cluster} is unreachable; logs are read from the cluster itself and cannot be shown until it is back`,
    );
  }
  return new ServiceUnavailableError(
    `cluster ${cluster} could not serve the log (HTTP ${
      code ?? 'error'
    })${said}`,
  );
}
