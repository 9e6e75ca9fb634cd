import { mapOf, oneOf, strict, text } from './fields';
import { checkAbsolutePath } from './names';
import { checkDataKey, scalarValue } from './values';

/**
 * How properties reach the service: environment variables, or one file
 * (Java .properties, JSON or YAML) mounted from a ConfigMap.
 */
export const PROPERTY_FLAVOURS = ['env', 'properties', 'json', 'yaml'] as const;
export type PropertyFlavour = (typeof PROPERTY_FLAVOURS)[number];

function checkFileName(value: string): string | undefined {
  if (value.includes('/'))
    return 'write a file name only; set the directory with mountPath';
  return checkDataKey(value)
    ? 'use letters, digits, "-", "_" and "."'
    : undefined;
}

export const propertiesSchema = strict(
  {
    flavour: oneOf(PROPERTY_FLAVOURS, {
      dotenv: 'write env',
      environment: 'write env',
      envvars: 'write env',
      yml: 'write yaml',
      ini: 'write properties',
      java: 'write properties',
      file: 'write properties, json or yaml',
    })
      .optional()
      .describe('env (default), properties, json or yaml.'),
    fileName: text('a file name such as application.properties', checkFileName)
      .optional()
      .describe(
        'File name for the file flavours (default application.properties, config.json, config.yaml).',
      ),
    mountPath: text('a directory such as /etc/dyploma', checkAbsolutePath)
      .optional()
      .describe('Directory the file is mounted in (default /etc/dyploma).'),
    values: mapOf(scalarValue(), 'a map of property names to values', key =>
      checkDataKey(key),
    )
      .optional()
      .describe(
        'The properties; environments add to or replace them one by one.',
      ),
  },
  'properties such as {values: {LOG_LEVEL: info}}',
  {
    keyHints: {
      format: 'write flavour',
      type: 'write flavour',
      flavor: 'write flavour',
      file: 'write fileName',
      path: 'write mountPath',
    },
    otherKey: key =>
      `property values go under properties.values (properties.values.${key})`,
  },
);
