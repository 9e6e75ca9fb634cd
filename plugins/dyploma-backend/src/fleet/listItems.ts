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

const QUOTE = 34; // "
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** The longest `forEachListItem` holds the event loop before it lets others run. */
export const ITEMS_SLICE_MS = 2;

function syntaxError(what: string, at: number): never {
  throw new SyntaxError(`Kubernetes list: ${what} at position ${at}`);
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

/** Just past the string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  let i = at;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) syntaxError('unterminated string', at);
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return i + 1;
  }
}

/** Just past the JSON value that starts at `at` (no whitespace before it). */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return stringEnd(text, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next delimiter.
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) break;
      if (c === 32 || c === 10 || c === 13 || c === 9) break;
      i++;
    }
    if (i === at) syntaxError('expected a value', at);
    return i;
  }
  let depth = 0;
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1;
    }
    i++;
  }
  return syntaxError('unterminated object or array', at);
}

/**
 * Reads the JSON text of a Kubernetes list (`{"kind": …, "metadata": …, "items": […]}`)
 * and hands each of its items to `each`, parsed one by one, yielding to the event loop
 * every `ITEMS_SLICE_MS`: a list of thousands of items is parsed and taken in without
 * one long block (`JSON.parse` of the seed's 2,500 pod metrics of a cluster is one).
 * Returns the list's other members (`kind`, `metadata`…), parsed. Throws a SyntaxError
 * for text that is not such a list, or what `signal` aborts with.
 */
export async function forEachListItem(
  text: string,
  each: (item: any) => void,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const rest: Record<string, unknown> = {};
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) syntaxError('expected an object', i);
  i = skipSpace(text, i + 1);
  let sliceStart = performance.now();
  while (text.charCodeAt(i) !== CLOSE_BRACE) {
    if (text.charCodeAt(i) !== QUOTE) syntaxError('expected a key', i);
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) syntaxError('expected ":"', i);
    i = skipSpace(text, i + 1);
    if (key === 'items' && text.charCodeAt(i) === OPEN_BRACKET) {
      i = skipSpace(text, i + 1);
      while (text.charCodeAt(i) !== CLOSE_BRACKET) {
        if (performance.now() - sliceStart > ITEMS_SLICE_MS) {
          await new Promise(resolve => setImmediate(resolve));
          signal?.throwIfAborted();
          sliceStart = performance.now();
        }
        const end = valueEnd(text, i);
        each(JSON.parse(text.slice(i, end)));
        i = skipSpace(text, end);
        if (text.charCodeAt(i) === COMMA) {
          i = skipSpace(text, i + 1);
          if (text.charCodeAt(i) === CLOSE_BRACKET) {
            syntaxError('expected an item', i);
          }
        } else if (text.charCodeAt(i) !== CLOSE_BRACKET) {
          syntaxError('expected "," or "]"', i);
        }
      }
      i = skipSpace(text, i + 1);
    } else {
      const end = valueEnd(text, i);
      rest[key] = JSON.parse(text.slice(i, end));
      i = skipSpace(text, end);
    }
    if (text.charCodeAt(i) === COMMA) {
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === CLOSE_BRACE) syntaxError('expected a key', i);
    } else if (text.charCodeAt(i) !== CLOSE_BRACE) {
      syntaxError('expected "," or "}"', i);
    }
  }
  return rest;
}
