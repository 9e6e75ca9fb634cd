/** One step in a path into the model: a map key or a list index. */
export type PathSegment = string | number;

// Keys that read well after a dot. Anything else (dots, slashes, spaces) is
// quoted in brackets so `properties.values["log.level"]` stays unambiguous.
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats a path the way a user reads it in YAML:
 * `spec.dyploma.ports[0].port`, `properties.values["log.level"]`.
 */
export function formatPath(
  segments: readonly PathSegment[],
  prefix = '',
): string {
  let out = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (PLAIN_KEY.test(segment)) {
      out += out ? `.${segment}` : segment;
    } else {
      out += `[${JSON.stringify(segment)}]`;
    }
  }
  return out;
}
