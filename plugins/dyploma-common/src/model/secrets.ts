import { listOf, mapOf, strict, text } from './fields';
import {
  checkAbsolutePath,
  checkSubdomain,
  isEnvVarName,
  toEnvVarName,
} from './names';
import { checkDataKey } from './values';

const NEVER_VALUES =
  'Dyploma never holds secret values: create the Secret in the cluster and reference it by name';

export function checkEnvVarKey(key: string): string | undefined {
  if (isEnvVarName(key)) return undefined;
  return `${JSON.stringify(
    key,
  )} is not an environment variable name: use letters, digits and "_", not starting with a digit (e.g. "${toEnvVarName(
    key,
  )}")`;
}

/**
 * A reference to an existing Kubernetes Secret. Without `env` or
 * `mountPath` every key of the Secret becomes an environment variable.
 */
export const secretRefSchema = strict(
  {
    name: text(
      'the name of an existing Kubernetes Secret',
      checkSubdomain,
    ).describe('Name of an existing Secret in the namespace.'),
    env: mapOf(
      text('a key of the Secret', checkDataKey),
      'a map of environment variable names to keys of the Secret',
      checkEnvVarKey,
    )
      .optional()
      .describe('Environment variables taken from keys of the Secret.'),
    mountPath: text('a directory such as /etc/secrets/db', checkAbsolutePath)
      .optional()
      .describe('Mount the Secret as files in this directory.'),
  },
  'a reference to a Secret such as {name: payments-db}',
  {
    hint: input =>
      typeof input === 'string' ? `write "- name: ${input}"` : undefined,
    keyHints: {
      value: NEVER_VALUES,
      values: NEVER_VALUES,
      data: NEVER_VALUES,
      stringdata: NEVER_VALUES,
      password: NEVER_VALUES,
      token: NEVER_VALUES,
      secret: 'write name',
      secretname: 'write name',
      key: 'map environment variables to keys with env: {VARIABLE: key}',
      keys: 'map environment variables to keys with env: {VARIABLE: key}',
      path: 'write mountPath',
    },
  },
);

export const secretsSchema = listOf(
  secretRefSchema,
  'a list of Secret references such as [{name: payments-db}]',
  {
    max: 50,
  },
).describe(
  'Existing Kubernetes Secrets the service reads, by name (never values).',
);
