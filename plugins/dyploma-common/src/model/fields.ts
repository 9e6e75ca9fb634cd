import { z } from 'zod';
import { expectedMessage, typeHint, ValueKind } from '../errors/describe';
import { nearest } from '../errors/suggest';
import { encodeUnknownKeys, KeyHints } from '../errors/unknownKeys';

/*
 * Builders for every field of the model. Each one owns its message, so a
 * message always says what the field expects in the user's words
 * ("a whole number from 0 to 500"), never zod's ("expected int").
 */

/** Returns a hint for a wrong value, or undefined for the generic one. */
export type Hint = (input: unknown) => string | undefined;

type RawIssue = { input?: unknown; code?: string };

function onError(expected: string, kind: ValueKind, hint?: Hint) {
  return (iss: RawIssue) =>
    expectedMessage(
      expected,
      iss.input,
      (hint && iss.input !== undefined ? hint(iss.input) : undefined) ??
        typeHint(kind, iss.input),
    );
}

/** An integer in a closed range, e.g. replicas 0..500. */
export function wholeNumber(
  min: number,
  max: number,
  opts: { expected?: string; hint?: Hint } = {},
) {
  const error = onError(
    opts.expected ?? `a whole number from ${min} to ${max}`,
    'number',
    opts.hint,
  );
  return z
    .number({ error })
    .int({ error })
    .min(min, { error })
    .max(max, { error });
}

export function flag() {
  return z.boolean({ error: onError('true or false', 'boolean') });
}

/**
 * A string with an optional check. The check returns the fix (or the reason)
 * for a bad value; the message then reads `expected <expected>, got "<v>": <fix>`.
 */
export function text(
  expected: string,
  check?: (value: string) => string | undefined,
  opts: { hint?: Hint; max?: number } = {},
) {
  const max = opts.max ?? 253;
  const error = onError(expected, 'text', opts.hint);
  return z.string({ error }).check(
    z.refine(v => v.length <= max, {
      error: iss =>
        expectedMessage(
          expected,
          iss.input,
          `it is ${
            (iss.input as string).length
          } characters long; the limit is ${max}`,
        ),
      abort: true,
    }),
    z.refine(v => !check || check(v) === undefined, {
      error: iss =>
        expectedMessage(expected, iss.input, check?.(iss.input as string)),
    }),
  );
}

/** One of a fixed set of words, with a "did you mean" for near misses. */
export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
  hints: Record<string, string> = {},
) {
  const expected = `one of ${values.join(', ')}`;
  return z.enum(values, {
    error: iss => {
      const input = iss.input;
      let hint: string | undefined;
      if (typeof input === 'string') {
        hint = hints[input.toLowerCase()];
        if (!hint) {
          const guess = nearest(input, values);
          if (guess) hint = `did you mean "${guess}"?`;
        }
      }
      return expectedMessage(expected, input, hint ?? typeHint('text', input));
    },
  });
}

/**
 * A map with a fixed set of keys; unknown keys are errors (never silently
 * dropped) and get the nearest known key as a suggestion.
 */
export function strict<S extends z.core.$ZodLooseShape>(
  shape: S,
  expected: string,
  opts: {
    keyHints?: KeyHints;
    hint?: Hint;
    /** Explains an unknown key no known key is close to. */
    otherKey?: (key: string) => string | undefined;
  } = {},
) {
  const known = Object.keys(shape);
  const typeError = onError(expected, 'map', opts.hint);
  return z.strictObject(shape, {
    error: (iss: RawIssue & { keys?: string[] }) =>
      iss.code === 'unrecognized_keys'
        ? encodeUnknownKeys(iss.keys ?? [], known, opts.keyHints, opts.otherKey)
        : typeError(iss),
  });
}

/**
 * A map with free keys (property names, environment names). `checkKey`
 * returns the full text for a bad key; the key is already in the path.
 */
export function mapOf<V extends z.ZodType>(
  value: V,
  expected: string,
  checkKey?: (key: string) => string | undefined,
  opts: { max?: number; hint?: Hint } = {},
) {
  const key = z.string().check(
    z.refine(k => !checkKey || checkKey(k) === undefined, {
      error: iss => checkKey?.(iss.input as string) ?? 'is not a valid key',
    }),
  );
  const max = opts.max ?? 500;
  return z
    .record(key, value, {
      error: (iss: RawIssue & { issues?: { message: string }[] }) =>
        iss.code === 'invalid_key'
          ? (iss.issues ?? []).map(i => i.message).join('; ')
          : onError(expected, 'map', opts.hint)(iss),
    })
    .check(
      z.refine(m => Object.keys(m).length <= max, {
        error: iss =>
          `expected at most ${max} entries, got ${
            Object.keys(iss.input as object).length
          }`,
      }),
    );
}

/** A list with an upper bound, so a runaway generator is caught early. */
export function listOf<T extends z.ZodType>(
  item: T,
  expected: string,
  opts: { max?: number; hint?: Hint } = {},
) {
  const max = opts.max ?? 50;
  return z
    .array(item, { error: onError(expected, 'list', opts.hint) })
    .max(max, {
      error: iss =>
        `expected at most ${max} items, got ${(iss.input as unknown[]).length}`,
    });
}

/** string | number, for Kubernetes quantities and ports given by name or number. */
export function textOrNumber(
  expected: string,
  check: (value: string | number) => string | undefined,
) {
  return z
    .union([z.string(), z.number()], {
      error: onError(expected, 'other'),
    })
    .check(
      z.refine(v => check(v) === undefined, {
        error: iss =>
          expectedMessage(
            expected,
            iss.input,
            check(iss.input as string | number),
          ),
      }),
    );
}
