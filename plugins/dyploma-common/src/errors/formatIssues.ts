import type { z } from 'zod';
import { RawProblem } from './ModelProblem';
import { PathSegment } from './path';
import { describeValue } from './describe';

type Issue = z.core.$ZodIssue;

function segments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map(p => (typeof p === 'number' ? p : String(p)));
}

/**
 * Turns zod issues into problems. Every schema in this package sets its own
 * message (see model/fields.ts); the fallbacks here only keep a message
 * readable if a schema forgot to.
 */
export function formatIssues(issues: readonly Issue[]): RawProblem[] {
  const out: RawProblem[] = [];
  const seen = new Set<string>();
  const push = (p: RawProblem) => {
    const key = `${p.path.join('\u0000')}\u0001${p.text}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  for (const issue of issues) {
    const path = segments(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const lines = issue.message.split('\n');
      issue.keys.forEach((key, i) => {
        push({
          path: [...path, key],
          text: lines[i] ?? lines[0] ?? 'unknown field',
        });
      });
      continue;
    }
    push({ path, text: issue.message || fallback(issue) });
  }
  return out;
}

function fallback(issue: Issue): string {
  if (issue.code === 'invalid_type') {
    return `expected ${issue.expected}, got ${describeValue(
      (issue as { input?: unknown }).input,
    )}`;
  }
  return 'is not valid';
}
