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
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';

/** What the actions need to call another plugin as the user who runs the template. */
export interface BackendClientOptions {
  discovery: DiscoveryService;
  auth: AuthService;
}

/** A non-2xx answer, with the message the other plugin gave. */
export class BackendResponseError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, message: string, body: unknown) {
    super(message);
    this.name = 'BackendResponseError';
    this.status = status;
    this.body = body;
  }
}

/** The problems a Dyploma 400 carries, one per line, or the error's message. */
export function describeErrorBody(status: number, body: unknown): string {
  const b = body as
    | {
        error?: { message?: string };
        problems?: Array<{ message?: string }>;
      }
    | undefined;
  const problems = b?.problems
    ?.map(p => p.message)
    .filter((m): m is string => !!m);
  if (problems?.length) return problems.join('\n');
  return b?.error?.message ?? `HTTP ${status}`;
}

/**
 * Calls a backend plugin's REST API with a token issued on behalf of the user who runs the
 * template, so the plugin applies that user's permissions and records them as the author.
 */
export async function callPlugin<T>(
  options: BackendClientOptions,
  request: {
    pluginId: string;
    path: string;
    credentials: BackstageCredentials;
    method?: 'GET' | 'POST';
    body?: unknown;
    signal?: AbortSignal;
  },
): Promise<{ status: number; body: T }> {
  const { discovery, auth } = options;
  const baseUrl = await discovery.getBaseUrl(request.pluginId);
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: request.credentials,
    targetPluginId: request.pluginId,
  });
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(request.body !== undefined && {
        'content-type': 'application/json',
      }),
    },
    ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
    signal: request.signal,
  });
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!response.ok) {
    throw new BackendResponseError(
      response.status,
      describeErrorBody(response.status, body),
      body,
    );
  }
  return { status: response.status, body: body as T };
}
