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

import type { DyplomaOpenApi } from '@dyploma/plugin-dyploma-common';
import createClient, { type Client } from 'openapi-fetch';

/** The API's routes, typed from its OpenAPI document (`yarn openapi:generate`). */
export type Paths = DyplomaOpenApi.paths;
/** The document's schemas: `Schemas['Order']`, `Schemas['ServiceStatus']`... */
export type Schemas = DyplomaOpenApi.components['schemas'];
/**
 * A client of `/api/dyploma` whose paths, parameters, bodies and answers are typed; data
 * is typed as JSON (a CSV or a log is read with `parseAs: 'text'` or `'stream'`).
 */
export type DyplomaApi = Client<Paths, 'application/json'>;

/** Where the Dyploma plugin is mounted on a Backstage backend. */
export const API_PATH = '/api/dyploma';

/** The backend root of a URL given with or without `/api/dyploma`. */
export function backendRoot(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith(API_PATH)
    ? trimmed.slice(0, -API_PATH.length)
    : trimmed;
}

/** An answer of the API that was not a success. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<Schemas['Error']> | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The backend could not be reached at all. */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

/** A service named on the command line: `payments`, `default/payments` or an entity ref. */
export type ServiceName = { namespace: string; name: string };

/** Parses a service name; undefined when it is not one. */
export function parseServiceName(text: string): ServiceName | undefined {
  const match = /^(?:component:)?(?:([^/:\s]+)\/)?([^/:\s]+)$/i.exec(text);
  if (!match) return undefined;
  return { namespace: match[1] ?? 'default', name: match[2] };
}

/** The request each answer came from, for the message of an error without a body. */
const requestOf = new WeakMap<Response, Request>();

/**
 * The client of `/api/dyploma` at `url`: openapi-fetch's, typed from the OpenAPI document,
 * sending the token. A backend that cannot be reached is a {@link ConnectionError}; read
 * an answer with {@link answer}.
 */
export function createDyplomaApi(
  url: string,
  token: string | undefined,
  fetchFn: typeof fetch = globalThis.fetch,
): DyplomaApi {
  return createClient<Paths, 'application/json'>({
    baseUrl: `${backendRoot(url)}${API_PATH}`,
    headers: {
      accept: 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    fetch: async request => {
      try {
        const response = await fetchFn(request);
        requestOf.set(response, request);
        return response;
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error;
        const cause = (error as { cause?: { message?: string } }).cause;
        throw new ConnectionError(
          `cannot reach ${request.url}: ${
            cause?.message ?? (error as Error).message
          }`,
        );
      }
    },
  });
}

/**
 * The data of a successful answer of {@link DyplomaApi}, typed by the route; an
 * {@link ApiError} with the API's error body (and its message) otherwise.
 */
export async function answer<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  const body =
    typeof error === 'object' && error !== null
      ? (error as Partial<Schemas['Error']>)
      : undefined;
  const text = typeof error === 'string' ? error : '';
  const request = requestOf.get(response);
  const message =
    body?.error?.message ??
    `${request?.method ?? 'GET'} ${response.url || request?.url}: ${
      response.status
    } ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
  throw new ApiError(response.status, body, message);
}
