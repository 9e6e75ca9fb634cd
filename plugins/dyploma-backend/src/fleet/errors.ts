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

/** A 410 Gone: a watch's or list's resourceVersion is older than the server keeps. */
export const isGone = (e: any) => e?.code === 410 || e?.statusCode === 410;

/**
 * A failed request in a line: the HTTP status and the Status message of an
 * API answer, else the error's own message.
 */
export function describeError(e: any): string {
  if (typeof e?.code === 'number' && e?.body !== undefined) {
    let message = String(e.body);
    try {
      message = JSON.parse(e.body).message ?? message;
    } catch {
      // not a Status: keep the text
    }
    return `HTTP ${e.code}: ${message}`.slice(0, 500);
  }
  if (e?.statusCode) return `HTTP ${e.statusCode}: ${e.message}`;
  return String(e?.message ?? e).slice(0, 500);
}
