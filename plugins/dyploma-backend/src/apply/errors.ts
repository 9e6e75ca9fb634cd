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

/** What the worker needs to know about a failed Kubernetes call. */
export type KubeErrorClass = {
  /**
   * Worth trying again later (with backoff): the cluster was throttling,
   * failing or unreachable, or the call timed out. A rejection of the request
   * itself (4xx) is not: it fails the same way until the input changes.
   */
  retryable: boolean;
  /** HTTP status, when the API server answered. */
  status?: number;
  /** Status `reason` (`Invalid`, `Conflict`, `Forbidden`, …) or the network error code. */
  reason?: string;
  /** For the user: the API server's Status message, or the network error. */
  message: string;
  /** Seconds the server asked us to wait (429 `Retry-After`), if any. */
  retryAfterSeconds?: number;
};

/** Network error codes that mean "the cluster could not be reached", not "the request was wrong". */
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** 408 Request Timeout, 429 Too Many Requests and every 5xx are transient. */
function retryableStatus(code: number): boolean {
  return code === 408 || code === 429 || code >= 500;
}

function parseStatus(body: unknown): Record<string, any> | undefined {
  if (body && typeof body === 'object') return body as Record<string, any>;
  if (typeof body !== 'string' || !body.trim()) return undefined;
  try {
    const parsed = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (k.toLowerCase() === name)
      return Array.isArray(v) ? String(v[0]) : String(v);
  }
  return undefined;
}

/** The error codes of `error` and its causes (fetch wraps the socket error). */
function errorCodes(error: any): string[] {
  const out: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string') out.push(e.code);
    if (typeof e.errno === 'string') out.push(e.errno);
    if (Array.isArray(e.errors)) {
      for (const inner of e.errors)
        if (typeof inner?.code === 'string') out.push(inner.code);
    }
  }
  return out;
}

/** The object a failed call was about. */
export type ObjectRef = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
};

/**
 * A failed apply or delete: which object, the classification, and what was
 * done before it failed (so the worker can record partial progress).
 */
export class KubeApplyError<T = unknown> extends Error {
  readonly name = 'KubeApplyError';
  readonly retryable: boolean;
  constructor(
    readonly cluster: string,
    readonly object: ObjectRef,
    readonly classification: KubeErrorClass,
    /** Results of the objects handled before the failure. */
    readonly done: T[],
    readonly cause?: unknown,
  ) {
    super(
      `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${
        object.name
      } on cluster ${cluster}: ${classification.message}`,
    );
    this.retryable = classification.retryable;
  }
}

/**
 * Classifies an error thrown by `@kubernetes/client-node` (1.x throws
 * `ApiException(code, message, body, headers)` for non-2xx answers, whose
 * body is the Status JSON as text; network and abort errors come from fetch).
 *
 * - 429, 408 and 5xx: retryable; the Status message is kept.
 * - other 4xx (422 Invalid, 409 Conflict, 403 Forbidden, 404, 400): not
 *   retryable; the Status message is what the user must read.
 * - timeouts (AbortError/TimeoutError) and connection errors (refused,
 *   reset, DNS, unreachable): retryable.
 * - anything else (a bug, an unknown kind): not retryable.
 */
export function classifyKubeError(error: unknown): KubeErrorClass {
  const e = error as any;
  if (e instanceof KubeApplyError) return e.classification;
  const code = typeof e?.code === 'number' ? e.code : undefined;
  if (code !== undefined && code >= 100 && code < 600) {
    const status = parseStatus(e.body);
    const retryAfter = Number(
      headerValue(e.headers, 'retry-after') ??
        status?.details?.retryAfterSeconds,
    );
    return {
      retryable: retryableStatus(code),
      status: code,
      reason: typeof status?.reason === 'string' ? status.reason : undefined,
      message:
        typeof status?.message === 'string' && status.message
          ? status.message
          : `HTTP ${code}${
              typeof e.body === 'string' && e.body
                ? `: ${e.body.slice(0, 500)}`
                : ''
            }`,
      ...(Number.isFinite(retryAfter) && retryAfter > 0
        ? { retryAfterSeconds: retryAfter }
        : {}),
    };
  }
  const message = e instanceof Error ? e.message : String(error);
  if (
    e?.name === 'AbortError' ||
    e?.name === 'TimeoutError' ||
    e?.type === 'aborted'
  ) {
    return {
      retryable: true,
      reason: 'Timeout',
      message: `request timed out or was aborted: ${message}`,
    };
  }
  const codes = errorCodes(e);
  const network = codes.find(c => RETRYABLE_CODES.has(c));
  if (
    network ||
    e?.type === 'system' ||
    /socket hang up|fetch failed/i.test(message)
  ) {
    return {
      retryable: true,
      reason: network ?? codes[0] ?? 'NetworkError',
      message,
    };
  }
  return { retryable: false, message };
}
