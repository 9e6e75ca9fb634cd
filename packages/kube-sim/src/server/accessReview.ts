import { IncomingMessage, ServerResponse } from 'node:http';
import { ResourceType, apiVersionOf } from '../api/resourceType';
import { errors } from '../api/status';
import type { Cluster } from '../cluster/Cluster';
import type { ResourceRequest } from './resourceHandler';
import { readBody, sendJson } from './http';
import { parseBody } from './resourceHandler';

const READ_VERBS = ['get', 'list', 'watch'];

/**
 * SelfSubjectAccessReview / SelfSubjectRulesReview, so `kubectl auth can-i`
 * answers honestly: the read-write token may do anything, the read-only
 * token only get/list/watch.
 */
export async function serveAccessReview(cluster: Cluster, t: ResourceType, r: ResourceRequest, req: IncomingMessage, res: ServerResponse) {
  if (r.verb !== 'create') throw errors.methodNotAllowed();
  const body = parseBody(await readBody(req, true), req) ?? {};
  if (t.kind === 'SelfSubjectAccessReview') {
    const attrs = body.spec?.resourceAttributes ?? body.spec?.nonResourceAttributes ?? {};
    const allowed = !r.readOnly || READ_VERBS.includes(attrs.verb);
    return sendJson(res, 201, {
      kind: t.kind,
      apiVersion: apiVersionOf(t),
      metadata: { creationTimestamp: null },
      spec: body.spec ?? {},
      status: allowed ? { allowed: true, reason: `kube-sim: token of ${r.user} may ${attrs.verb}` } : { allowed: false },
    });
  }
  const verbs = r.readOnly ? READ_VERBS : ['*'];
  void cluster;
  return sendJson(res, 201, {
    kind: t.kind,
    apiVersion: apiVersionOf(t),
    metadata: { creationTimestamp: null },
    spec: body.spec ?? {},
    status: {
      resourceRules: [{ verbs, apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['*'] }],
      incomplete: false,
    },
  });
}
