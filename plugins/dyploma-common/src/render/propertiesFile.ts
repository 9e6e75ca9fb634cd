import { stringify } from 'yaml';
import type { EffectiveModel } from '../effective/types';

// Java .properties escaping: backslash first, then what would end or split
// a key or a value.
function escapeProperties(text: string, isKey: boolean): string {
  let out = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  if (isKey) out = out.replace(/([=: #!])/g, '\\$1');
  else out = out.replace(/^ /, '\\ ').replace(/^([#!])/, '\\$1');
  return out;
}

/**
 * The content of the properties file for the file flavours, or undefined
 * for flavour env. Keys are sorted, so the same values give the same bytes
 * (and the same hash on the pod template).
 */
export function propertiesFileContent(
  model: EffectiveModel,
): string | undefined {
  const { flavour, values } = model.properties;
  const sorted = Object.keys(values).sort();
  switch (flavour) {
    case 'properties':
      return sorted
        .map(
          k =>
            `${escapeProperties(k, true)}=${escapeProperties(
              String(values[k]),
              false,
            )}\n`,
        )
        .join('');
    case 'json':
      return `${JSON.stringify(
        Object.fromEntries(sorted.map(k => [k, values[k]])),
        null,
        2,
      )}\n`;
    case 'yaml':
      return sorted.length
        ? stringify(Object.fromEntries(sorted.map(k => [k, values[k]])))
        : '{}\n';
    default:
      return undefined;
  }
}
