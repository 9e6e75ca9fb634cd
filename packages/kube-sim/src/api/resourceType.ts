/**
 * What the server needs to know about a kind to serve it generically:
 * where it lives in the URL space, how discovery advertises it, and which
 * optional behaviours (generation, subresources) apply. Adding a kind to the
 * simulator is adding one of these to `registry.ts`.
 */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served (status, scale, log, eviction). */
  subresources?: string[];
  /** metadata.generation bumps on spec changes (workload kinds). */
  generation?: boolean;
  /** Only list/get/watch: computed resources such as metrics. */
  readOnly?: boolean;
  /**
   * Another resource's storage this one is a view of (events.k8s.io Events
   * are core Events); the convert functions translate shapes.
   */
  viewOf?: { group: string; plural: string };
  /** Not stored: served by a custom handler (metrics, access reviews). */
  virtual?: boolean;
  /** Create-only (SelfSubjectAccessReview). */
  createOnly?: boolean;
}

export const apiVersionOf = (t: { group: string; version: string }) =>
  t.group ? `${t.group}/${t.version}` : t.version;

export const storageKey = (t: { group: string; plural: string }) => `${t.group}/${t.plural}`;

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function verbsOf(t: ResourceType): string[] {
  if (t.createOnly) return ['create'];
  if (t.readOnly) return ['get', 'list'];
  return ALL_VERBS;
}
