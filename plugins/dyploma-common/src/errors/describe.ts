/**
 * How a found value is named in a message: strings quoted, so a user sees
 * exactly what YAML gave us (`"r12345"`, `"8080"`), other values in words.
 */
export function describeValue(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'an empty value';
  if (typeof input === 'string') {
    const shown = input.length > 60 ? `${input.slice(0, 57)}...` : input;
    return JSON.stringify(shown);
  }
  if (typeof input === 'number') {
    if (Number.isNaN(input)) return 'NaN';
    if (!Number.isFinite(input)) return input > 0 ? 'infinity' : '-infinity';
    return String(input);
  }
  if (typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a map';
  return typeof input;
}

/** What kind of value a field takes; used to pick the hint for a wrong type. */
export type ValueKind =
  | 'number'
  | 'boolean'
  | 'text'
  | 'list'
  | 'map'
  | 'other';

const YAML11_TRUE = ['yes', 'y', 'on', 'true'];
const YAML11_FALSE = ['no', 'n', 'off', 'false'];

/**
 * The YAML traps, named where they bite:
 * - a number written in quotes (`port: "8080"`),
 * - `yes`/`on`/`no`/`off`, which YAML 1.1 tools read as booleans but the
 *   catalog (YAML 1.2) reads as text,
 * - an unquoted version such as `1.10`, which YAML reads as the number 1.1,
 * - an unquoted `true`/`false` where text is expected.
 */
export function typeHint(kind: ValueKind, input: unknown): string | undefined {
  if (input === null) {
    return 'the value is empty; write a value after the colon or remove the line';
  }
  if (kind === 'number' && typeof input === 'string') {
    const trimmed = input.trim();
    if (trimmed !== '' && !Number.isNaN(Number(trimmed))) {
      return `write ${trimmed} without quotes`;
    }
  }
  if (kind === 'boolean' && typeof input === 'string') {
    const word = input.trim().toLowerCase();
    if (YAML11_TRUE.includes(word) || YAML11_FALSE.includes(word)) {
      const fix = YAML11_TRUE.includes(word) ? 'true' : 'false';
      if (word === 'true' || word === 'false') {
        return `write ${fix} without quotes`;
      }
      return `the catalog reads YAML 1.2, where ${input} is text, not a boolean: write ${fix}`;
    }
  }
  if (kind === 'text') {
    if (typeof input === 'boolean') {
      return `YAML reads an unquoted ${input} as a boolean: quote it ("${input}") if you meant the text`;
    }
    if (typeof input === 'number' && !Number.isInteger(input)) {
      return `YAML reads an unquoted number such as 1.10 as 1.1 and drops the trailing zero: quote the value`;
    }
    if (typeof input === 'number') {
      return `quote it ("${input}") to keep it as text`;
    }
  }
  return undefined;
}

/** `expected X, got Y: hint` — the one shape every message follows. */
export function expectedMessage(
  expected: string,
  input: unknown,
  hint?: string,
): string {
  if (input === undefined) return `required: expected ${expected}`;
  return `expected ${expected}, got ${describeValue(input)}${
    hint ? `: ${hint}` : ''
  }`;
}
