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

import { InputError } from '@backstage/errors';
import { Request } from 'express';

/** A whole-number query parameter in a range, or its default; 400 with its name. */
export function intQuery(
  req: Request,
  name: string,
  opts: { min: number; max: number; default?: number },
): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return opts.default;
  const value =
    typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < opts.min || value > opts.max) {
    throw new InputError(
      `${name}: expected a whole number from ${opts.min} to ${opts.max}, got ${
        typeof raw === 'string'
          ? JSON.stringify(raw.slice(0, 60))
          : 'a list (give the parameter once)'
      }`,
    );
  }
  return value;
}

/** A text query parameter given at most once. */
export function textQuery(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    throw new InputError(
      `${name}: expected one value, got a list (give the parameter once)`,
    );
  }
  return raw;
}

/** A whole-number path parameter (a release revision). */
export function revisionParam(value: string, name: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 31 - 1) {
    throw new InputError(
      `${name}: expected a release revision, a whole number from 1, got ${JSON.stringify(
        value.slice(0, 60),
      )}`,
    );
  }
  return n;
}
