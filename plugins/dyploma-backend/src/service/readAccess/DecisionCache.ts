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
  BackstageCredentials,
  BackstagePrincipalAccessRestrictions,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { withTransientRetry } from '../../worker/transientRetry';

/** How many principals' decisions are kept at most; the oldest go first. */
const MAX_ENTRIES = 10_000;
const DEFAULT_TTL_SECONDS = 5;
const MAX_TTL_SECONDS = 60;

/** `dyploma.readCache.decisionSeconds` in milliseconds (0: no cache); a bad value stops the start-up. */
export function readDecisionTtlMs(config: Config): number {
  const key = 'dyploma.readCache.decisionSeconds';
  const seconds = config.getOptionalNumber(key) ?? DEFAULT_TTL_SECONDS;
  if (!(seconds >= 0 && seconds <= MAX_TTL_SECONDS)) {
    throw new Error(
      `Invalid Dyploma configuration: ${key}: expected a number of seconds from 0 to ${MAX_TTL_SECONDS}, got ${seconds}`,
    );
  }
  return seconds * 1000;
}

/**
 * Who a decision is about, as a cache key: the user entity ref (with the service acting
 * on the user's behalf, if any) or the service's subject with its access restrictions.
 * Never the token: it is neither kept nor logged here. Undefined for anyone else
 * (nobody), whose decisions are never cached.
 */
export function principalKey(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
    actor?: { subject?: string };
    accessRestrictions?: BackstagePrincipalAccessRestrictions;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    const actor = principal.actor?.subject;
    return `user ${principal.userEntityRef}${actor ? ` via ${actor}` : ''}`;
  }
  if (principal.type === 'service' && principal.subject) {
    const restrictions = principal.accessRestrictions;
    return `service ${principal.subject}${
      restrictions ? ` ${JSON.stringify(restrictions)}` : ''
    }`;
  }
  return undefined;
}

type Entry = {
  /** When the policy was asked (not answered): the age a decision is judged by. */
  at: number;
  results: Promise<AuthorizeResult[]>;
  refreshing?: boolean;
};

/**
 * From this share of the TTL on, a read that finds a decision asks again in the background
 * and still gets the kept one: a caller who keeps reading never waits for the policy, and
 * no answer is older than the TTL (a late refresh leaves the next read to ask and wait).
 */
const REFRESH_AT = 0.8;

/**
 * The policy's decisions on resource permissions, asked without a resource
 * (`authorizeConditional`) and kept per principal for a few seconds: ALLOW or DENY holds for
 * every resource, so a page that reads a service several times a minute asks the
 * permission backend once per `ttlMs`, not once per read. A CONDITIONAL result is kept
 * as such (not its conditions): the caller then checks the one resource, as without the
 * cache. Concurrent asks for the same principal share one call; a failed call is not kept.
 *
 * The trade-off: a policy change (a revoked permission, a user moved out of a group)
 * reaches reads up to `ttlMs` late. Writes never use this cache.
 */
export class DecisionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly permissions: PermissionsService,
    private readonly options: {
      ttlMs: number;
      maxEntries?: number;
      now?: () => number;
    },
  ) {
    this.maxEntries = options.maxEntries ?? MAX_ENTRIES;
    this.now = options.now ?? (() => Date.now());
  }

  /** The policy's result for each permission, for the caller, in the order asked. */
  decide(
    credentials: BackstageCredentials,
    permissions: ResourcePermission[],
  ): Promise<AuthorizeResult[]> {
    const principal = principalKey(credentials);
    if (principal === undefined || this.options.ttlMs <= 0) {
      return this.ask(credentials, permissions);
    }
    const key = `${principal}\n${permissions.map(p => p.name).join(' ')}`;
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.options.ttlMs) {
      if (!hit.refreshing && now - hit.at >= this.options.ttlMs * REFRESH_AT) {
        hit.refreshing = true;
        const results = this.ask(credentials, permissions);
        results.then(
          () => this.keep(key, now, results),
          () => {
            hit.refreshing = false; // the next read tries again; the kept one stands until its TTL
          },
        );
      }
      return hit.results;
    }

    const results = this.ask(credentials, permissions);
    this.keep(key, now, results);
    results.catch(() => {
      if (this.entries.get(key)?.results === results) this.entries.delete(key);
    });
    return results;
  }

  private keep(key: string, at: number, results: Promise<AuthorizeResult[]>) {
    // Re-inserted, so the map's order is the order of asking: the oldest go first.
    this.entries.delete(key);
    this.entries.set(key, { at, results });
    this.prune(this.now());
  }

  private prune(now: number) {
    for (const [key, entry] of this.entries) {
      const expired = now - entry.at >= this.options.ttlMs;
      if (!expired && this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }

  private async ask(
    credentials: BackstageCredentials,
    permissions: ResourcePermission[],
  ): Promise<AuthorizeResult[]> {
    const decisions = await withTransientRetry(() =>
      this.permissions.authorizeConditional(
        permissions.map(permission => ({ permission })),
        { credentials },
      ),
    );
    return decisions.map(d => d.result);
  }
}

/** The read routes' decision cache as configured; undefined when it is turned off (0 s). */
export function readDecisionCache(
  config: Config,
  permissions: PermissionsService,
): DecisionCache | undefined {
  const ttlMs = readDecisionTtlMs(config);
  return ttlMs > 0 ? new DecisionCache(permissions, { ttlMs }) : undefined;
}
