import { formatPath, PathSegment } from './path';

/**
 * One thing wrong with a service model, with the full field path.
 * `message` is what users read: `<path>: <text>`.
 */
export interface ModelProblem {
  /** Full path, e.g. `spec.dyploma.environments.production.replicas`. */
  path: string;
  /** What was found, what is expected and, when known, the fix. */
  text: string;
  /** `path: text`, ready to show. */
  message: string;
}

/** A problem whose path is still relative to the model's root. */
export interface RawProblem {
  path: readonly PathSegment[];
  text: string;
}

export function toProblem(raw: RawProblem, prefix: string): ModelProblem {
  const path = formatPath(raw.path, prefix);
  return { path, text: raw.text, message: `${path}: ${raw.text}` };
}

/**
 * Thrown by the `parse*` functions; carries every problem, not only the
 * first, so a user fixes them all in one go.
 */
export class ServiceModelError extends Error {
  readonly problems: ModelProblem[];

  constructor(problems: ModelProblem[]) {
    super(problems.map(p => p.message).join('\n'));
    this.name = 'ServiceModelError';
    this.problems = problems;
  }
}
