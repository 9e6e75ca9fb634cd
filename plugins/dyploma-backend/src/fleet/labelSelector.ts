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

/** A label selector as Kubernetes writes it, or a `matchLabels` map. */
export type LabelSelector = string | Record<string, string>;

type Requirement = (labels: Record<string, string>) => boolean;

const REQUIREMENT =
  /^\s*(!?)\s*([A-Za-z0-9_./-]+)\s*(?:(==|=|!=)\s*([A-Za-z0-9_.-]*)|\s(in|notin)\s*\(([^)]*)\))?\s*$/;

/** Splits on commas that are not inside `( … )`. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.filter(t => t.trim() !== '');
}

function parseTerm(term: string): Requirement {
  const m = REQUIREMENT.exec(term);
  if (!m) throw new InputError(`invalid label selector term "${term.trim()}"`);
  const [, not, key, op, value, setOp, setValues] = m;
  if (not) {
    if (op || setOp)
      throw new InputError(`invalid label selector term "${term}"`);
    return labels => !(key in labels);
  }
  if (op === '=' || op === '==') return labels => labels[key] === value;
  if (op === '!=') return labels => labels[key] !== value;
  if (setOp) {
    const values = new Set(setValues.split(',').map(v => v.trim()));
    return setOp === 'in'
      ? labels => key in labels && values.has(labels[key])
      : labels => !(key in labels) || !values.has(labels[key]);
  }
  return labels => key in labels;
}

/**
 * Compiles a selector (equality- and set-based, as `kubectl -l` takes) into a
 * predicate over an object's labels, so the cache answers the same queries
 * the API server would.
 */
export function labelMatcher(
  selector?: LabelSelector,
): (labels: Record<string, string> | undefined) => boolean {
  if (selector === undefined) return () => true;
  const requirements: Requirement[] =
    typeof selector === 'string'
      ? splitTerms(selector).map(parseTerm)
      : Object.entries(selector).map(
          ([k, v]) =>
            labels =>
              labels[k] === v,
        );
  return labels => {
    const l = labels ?? {};
    return requirements.every(r => r(l));
  };
}
