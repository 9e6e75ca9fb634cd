/*
 * Name rules of the Kubernetes API (apimachinery validation), checked here so
 * a bad name is reported on the entity, not as a 422 from a cluster.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A best guess at the valid name the user meant: `Payments_API` → `payments-api`. */
export function toDnsLabel(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function withSuggestion(
  value: string,
  rule: string,
  maxLength: number,
): string {
  const guess = toDnsLabel(value).slice(0, maxLength).replace(/-+$/, '');
  return guess && guess !== value ? `${rule} (e.g. "${guess}")` : rule;
}

/** Namespaces, environments, label-sized names: RFC 1123 label, at most 63. */
export function checkDnsLabel(value: string, max = 63): string | undefined {
  if (value.length > max)
    return `it is ${value.length} characters long; the limit is ${max}`;
  if (DNS_LABEL.test(value)) return undefined;
  return withSuggestion(
    value,
    'use lowercase letters, digits and "-", starting and ending with a letter or digit',
    max,
  );
}

/** Service (and so Deployment) names: RFC 1035 label, must start with a letter. */
export function checkServiceName(value: string, max = 63): string | undefined {
  if (value.length > max)
    return `it is ${value.length} characters long; the limit is ${max}`;
  if (DNS1035_LABEL.test(value)) return undefined;
  return withSuggestion(
    value,
    'use lowercase letters, digits and "-", starting with a letter',
    max,
  );
}

/** Secret and ConfigMap names: RFC 1123 subdomain. */
export function checkSubdomain(value: string): string | undefined {
  if (value.length > 253)
    return `it is ${value.length} characters long; the limit is 253`;
  if (DNS_SUBDOMAIN.test(value)) return undefined;
  return withSuggestion(
    value,
    'use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit',
    253,
  );
}

/** Port names: IANA service names (at most 15 characters, one letter at least). */
export function checkPortName(value: string): string | undefined {
  if (value.length > 15)
    return `it is ${value.length} characters long; Kubernetes allows 15 for a port name`;
  if (!DNS_LABEL.test(value) || value.includes('--')) {
    return withSuggestion(value, 'use lowercase letters, digits and "-"', 15);
  }
  if (!/[a-z]/.test(value)) return 'a port name needs at least one letter';
  return undefined;
}

export function isEnvVarName(value: string): boolean {
  return ENV_VAR.test(value);
}

/** `log.level` → `LOG_LEVEL`, to suggest an environment variable name. */
export function toEnvVarName(value: string): string {
  const upper = value.toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

/** Absolute paths for mounts and HTTP paths. */
export function checkAbsolutePath(value: string): string | undefined {
  if (!value.startsWith('/')) return `paths start with "/": write "/${value}"`;
  if (/\s/.test(value)) return 'a path has no spaces';
  return undefined;
}
