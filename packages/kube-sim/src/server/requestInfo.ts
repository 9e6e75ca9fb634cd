import { ResourceType } from '../api/resourceType';
import { findResource } from '../api/registry';

/**
 * What a request URL addresses, after `k8s.io/apiserver/pkg/endpoints/request`'s
 * RequestInfo: a discovery document, or a resource (collection or object,
 * maybe a subresource) with the Kubernetes verb it maps to.
 */
export type RequestInfo =
  | { type: 'discovery'; path: string }
  | {
      type: 'resource';
      resourceType: ResourceType;
      group: string;
      version: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      verb: string;
    }
  | { type: 'unknown' };

export function parseRequest(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length <= 2) return { type: 'discovery', path: pathname };
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    if (segs.length <= 3) return { type: 'discovery', path: pathname };
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else {
    return { type: 'discovery', path: pathname };
  }
  let namespace: string | undefined;
  // `/namespaces/{ns}/{resource}…` is namespaced, unless the third segment is
  // a subresource of the Namespace itself (`/api/v1/namespaces/foo/status`).
  if (rest[0] === 'namespaces' && rest.length >= 3 && findResource(group, version, rest[2])) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  const resourceType = findResource(group, version, resource);
  if (extra.length || !resourceType) return { type: 'unknown' };
  const verb = verbOf(method, name, query);
  return { type: 'resource', resourceType, group, version, namespace, name, subresource, verb };
}

function verbOf(method: string, name: string | undefined, query: URLSearchParams): string {
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const watch = query.get('watch');
      if (watch === 'true' || watch === '1') return 'watch';
      return name ? 'get' : 'list';
    }
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}
