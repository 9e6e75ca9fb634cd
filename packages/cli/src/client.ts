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

  /** A GET answered with text (a CSV report). */
  async getText(path: string): Promise<string> {
    const response = await this.send('GET', path, undefined, undefined, '*/*');
    const text = await response.text();
    if (!response.ok) await this.fail('GET', response, text);
    return text;
  }

  /**
   * A GET whose body is read as it arrives (logs): the response once its status is a
   * success, an {@link ApiError} otherwise. `signal` stops it.
   */
  async stream(path: string, signal?: AbortSignal): Promise<Response> {
    const response = await this.send(
      'GET',
      path,
      undefined,
      signal,
      'text/plain',
    );
    if (!response.ok) await this.fail('GET', response, await response.text());
    return response;
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    signal?: AbortSignal,
    accept = 'application/json',
  ): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = `${this.base}${path}`;
    try {
      return await this.fetchFn(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      const cause = (error as { cause?: { message?: string } }).cause;
      throw new ConnectionError(
        `cannot reach ${url}: ${cause?.message ?? (error as Error).message}`,
      );
    }
  }

  private async fail(
    method: string,
    response: Response,
    text: string,
  ): Promise<never> {
    let parsed: Partial<DyplomaErrorResponse> | undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const message =
      parsed?.error?.message ??
      `${method} ${response.url || this.base}: ${response.status} ${
        response.statusText
      }${text && !parsed ? `: ${text.slice(0, 200)}` : ''}`;
    throw new ApiError(response.status, parsed, message);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await this.send(method, path, body);
    const text = await response.text();
    if (!response.ok) await this.fail(method, response, text);
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      return undefined as T;
    }
  }
}
