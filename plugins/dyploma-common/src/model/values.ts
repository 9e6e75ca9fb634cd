import { z } from 'zod';
import { expectedMessage, typeHint } from '../errors/describe';
import { checkPortName } from './names';

/**
 * A property or build-argument value: text, a whole number or true/false.
 * Numbers with a decimal point are refused: YAML turns an unquoted `1.10`
 * into 1.1, and a silently changed version is worse than an error.
 */
export function scalarValue() {
  const expected = 'text, a whole number or true/false';
  return z
    .union([z.string(), z.number(), z.boolean()], {
      error: iss =>
        expectedMessage(expected, iss.input, typeHint('text', iss.input)),
    })
    .check(
      z.refine(v => typeof v !== 'number' || Number.isSafeInteger(v), {
        error: iss =>
          expectedMessage(expected, iss.input, typeHint('text', iss.input)),
      }),
    );
}

/** A port given by its name (`http`) or its number (`8080`). */
export function portRef() {
  const expected = 'a port name such as http, or a port number';
  return z
    .union([z.string(), z.number()], {
      error: iss => expectedMessage(expected, iss.input),
    })
    .check(
      z.refine(
        v =>
          typeof v === 'number'
            ? Number.isInteger(v) && v >= 1 && v <= 65535
            : checkPortName(v) === undefined,
        {
          error: iss =>
            expectedMessage(
              expected,
              iss.input,
              typeof iss.input === 'number'
                ? 'port numbers are whole numbers from 1 to 65535'
                : checkPortName(iss.input as string),
            ),
        },
      ),
    );
}

/** Keys of ConfigMaps and Secrets: letters, digits, "-", "_" and ".". */
export function checkDataKey(key: string): string | undefined {
  if (key.length > 253)
    return `the name is ${key.length} characters long; the limit is 253`;
  if (/^[-._a-zA-Z0-9]+$/.test(key)) return undefined;
  return `${JSON.stringify(
    key,
  )} is not a valid name: use letters, digits, "-", "_" and "."`;
}

/** Label values (cost centre): at most 63, alphanumeric at both ends. */
export function checkLabelValue(value: string): string | undefined {
  if (value.length > 63)
    return `it is ${value.length} characters long; a Kubernetes label value holds 63`;
  if (/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value))
    return undefined;
  return 'use letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
}
