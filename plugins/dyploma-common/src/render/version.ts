import { describeValue } from '../errors/describe';

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Undefined when the version is a valid tag or digest, else the message text. */
export function checkReleaseVersion(version: unknown): string | undefined {
  if (
    typeof version === 'string' &&
    (TAG.test(version) || DIGEST.test(version))
  ) {
    return undefined;
  }
  const hint =
    typeof version === 'number'
      ? ': YAML and JSON numbers lose digits (1.10 becomes 1.1); send the version as text'
      : '';
  return `expected an image tag such as 1.4.2 or a digest such as sha256:<64 hex digits>, got ${describeValue(
    version,
  )}${hint}`;
}

/** `registry.example.com/payments:1.4.2` or `…/payments@sha256:…`. */
export function imageReference(repository: string, version: string): string {
  return DIGEST.test(version)
    ? `${repository}@${version}`
    : `${repository}:${version}`;
}

/** A label value Kubernetes accepts: at most 63, alphanumeric at both ends. */
export function toLabelValue(value: string): string {
  return value
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
}
