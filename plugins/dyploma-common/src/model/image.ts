/*
 * The image field holds a repository, never a tag or digest: which version
 * runs is a release decision (the orchestrator's), not part of the model.
 */

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)';
const REPOSITORY = new RegExp(`^(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*$`);

export function checkImageRepository(value: string): string | undefined {
  const scheme = /^[a-z]+:\/\//i.exec(value);
  if (scheme) {
    return `an image repository has no scheme: write "${value.slice(
      scheme[0].length,
    )}"`;
  }
  const at = value.indexOf('@');
  if (at >= 0) {
    return `remove the digest "${value.slice(
      at,
    )}"; the version is chosen for each release, not in the model`;
  }
  const lastSlash = value.lastIndexOf('/');
  const colon = value.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    return `remove the tag ":${value.slice(
      colon + 1,
    )}"; the version is chosen for each release, not in the model`;
  }
  if (/\s/.test(value)) return 'an image repository has no spaces';
  if (REPOSITORY.test(value)) return undefined;
  const host = lastSlash >= 0 ? value.slice(0, value.indexOf('/')) : '';
  const path = lastSlash >= 0 ? value.slice(value.indexOf('/') + 1) : value;
  if (path !== path.toLowerCase()) {
    const fixed = `${host ? `${host}/` : ''}${path.toLowerCase()}`;
    return `repository names are lowercase: write "${fixed}"`;
  }
  return 'use the form registry.example.com/team/name (lowercase letters, digits, ".", "_", "-")';
}

/** The registry host of a repository, as Docker resolves it. */
export function imageRegistry(repository: string): string {
  const first = repository.split('/')[0];
  const hasHost =
    repository.includes('/') &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasHost ? first : 'docker.io';
}

/**
 * Whether the repository lives under one of the allowed prefixes
 * (`registry.example.com` or `ghcr.io/acme`). An empty list allows all.
 */
export function isAllowedImage(
  repository: string,
  allowed: readonly string[],
): boolean {
  if (allowed.length === 0) return true;
  return allowed.some(prefix => {
    const p = prefix.replace(/\/+$/, '');
    return repository === p || repository.startsWith(`${p}/`);
  });
}
