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

import type { DyplomaErrorResponse } from '@dyploma/plugin-dyploma-common';

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
    readonly body: Partial<DyplomaErrorResponse> | undefined,
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

/** The path of a service in the API. */
export function servicePath(service: ServiceName): string {
  return `/services/${encodeURIComponent(
    service.namespace,
  )}/${encodeURIComponent(service.name)}`;
}

/** A thin client of `/api/dyploma`: JSON in, JSON out, errors as {@link ApiError}. */
export class DyplomaClient {
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string | undefined,
    private readonly fetchFn: typeof fetch = globalThis.fetch,
  ) {
    this.base = `${backendRoot(url)}${API_PATH}`;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = `${this.base}${path}`;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause;
      throw new ConnectionError(
        `cannot reach ${url}: ${cause?.message ?? (error as Error).message}`,
      );
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const errorBody = parsed as Partial<DyplomaErrorResponse> | undefined;
      const message =
        errorBody?.error?.message ??
        `${method} ${url}: ${response.status} ${response.statusText}${
          text && !parsed ? `: ${text.slice(0, 200)}` : ''
        }`;
      throw new ApiError(response.status, errorBody, message);
    }
    return parsed as T;
  }
}
