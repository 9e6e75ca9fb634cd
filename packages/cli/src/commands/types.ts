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

import type { ParseArgsConfig } from 'node:util';
import { createDyplomaApi, DyplomaApi } from '../client';
import { Output, UsageError } from '../output';

/** What a command runs with: where to write, the environment, the connection. */
export type Context = Output & {
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  /** Between two polls of `--wait`. */
  pollMs: number;
  configFile: string;
  /** From flags, then `DYPLOMA_URL`/`DYPLOMA_TOKEN`, then the stored config. */
  url?: string;
  token?: string;
};

export type Values = Record<string, string | string[] | boolean | undefined>;

/** One `dyploma` command. */
export type Command = {
  name: string;
  /** `deploy <service> --environment E --version V`, for the usage text. */
  synopsis: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positionals it takes: the service, usually. */
  positionals: string[];
  /** Takes any number of positionals after those (batch: the services). */
  variadic?: boolean;
  run(ctx: Context, positionals: string[], values: Values): Promise<number>;
};

/**
 * The API's client for the resolved URL and token, typed from the OpenAPI document; a
 * usage error when no URL is known.
 */
export function clientOf(ctx: Context): DyplomaApi {
  if (!ctx.url) {
    throw new UsageError(
      'no backend URL: pass --url, set DYPLOMA_URL or run `dyploma login --url <backend>`',
    );
  }
  return createDyplomaApi(ctx.url, ctx.token, ctx.fetch);
}

/** A flag's value as text, or undefined. */
export function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A number flag as the order body wants it: digits become a number, anything else
 * stays text so that `parseOrderRequest` names it (`got "r12345"`).
 */
export function numberish(
  values: Values,
  name: string,
): number | string | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

/** A flag given once or several times (`--owner a --owner b`), as a list. */
export function list(values: Values, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}
