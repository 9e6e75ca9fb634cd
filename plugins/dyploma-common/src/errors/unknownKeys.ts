import { nearest } from './suggest';

/**
 * Hints for keys people write by habit from other tools, keyed by the
 * wrong key. They beat an edit-distance guess because they explain why.
 */
export type KeyHints = Record<string, string>;

/**
 * The text for one unknown key: a tailored hint, else the nearest known key,
 * else the list of known keys.
 */
export function unknownKeyText(
  key: string,
  known: readonly string[],
  hints: KeyHints = {},
  fallback?: (key: string) => string | undefined,
): string {
  const hint = hints[key] ?? hints[key.toLowerCase()];
  if (hint) return `unknown field: ${hint}`;
  const guess = nearest(key, known);
  if (guess) return `unknown field; did you mean "${guess}"?`;
  const other = fallback?.(key);
  if (other) return `unknown field: ${other}`;
  return `unknown field; expected one of ${known.join(', ')}`;
}

// zod reports all unknown keys of one object in a single issue, and its
// message is a string. We keep one line per key, in the order of `keys`, and
// split them again in formatIssues so each key gets its own path.
export function encodeUnknownKeys(
  keys: readonly string[],
  known: readonly string[],
  hints?: KeyHints,
  fallback?: (key: string) => string | undefined,
): string {
  return keys.map(k => unknownKeyText(k, known, hints, fallback)).join('\n');
}
