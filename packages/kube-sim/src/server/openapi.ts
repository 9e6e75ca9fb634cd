import { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { errors } from '../api/status';
import { RESOURCE_TYPES, groupVersions } from '../api/registry';
import { apiVersionOf } from '../api/resourceType';
import { sendJson } from './http';

/**
 * OpenAPI v3, only as far as kubectl needs it: the root index of group
 * versions and, per group version, the PATCH operations tagged with their
 * GroupVersionKind and the `fieldValidation` parameter. From that kubectl
 * learns the server validates fields itself (it sends
 * `fieldValidation=Strict` instead of downloading schemas), and computes
 * client-side apply patches from its built-in types. No schemas are served:
 * `kubectl explain` is out of scope.
 */
const gvPath = (gv: { group: string; version: string }) => (gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`);

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map(name => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

function gvDocument(group: string, version: string) {
  const paths: Record<string, any> = {};
  for (const t of RESOURCE_TYPES) {
    if (t.group !== group || t.version !== version || t.virtual || t.readOnly) continue;
    const base = `/${gvPath(t)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}/{name}`;
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const op = (action: string) => ({
      operationId: `${action}${t.kind}`,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      parameters: QUERY_PARAMS,
      responses: { '200': { description: 'OK' } },
    });
    paths[base] = { get: op('get'), put: op('put'), patch: op('patch'), delete: op('delete') };
    for (const sub of t.subresources ?? []) {
      if (sub === 'status' || sub === 'scale') paths[`${base}/${sub}`] = { get: op('get'), put: op('put'), patch: op('patch') };
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0-kube-sim' },
    paths,
    components: { schemas: {} },
  };
}

const docs = new Map<string, { body: string; hash: string }>();
for (const gv of groupVersions()) {
  const body = JSON.stringify(gvDocument(gv.group, gv.version));
  docs.set(gvPath(gv), { body, hash: createHash('sha512').update(body).digest('hex').slice(0, 64).toUpperCase() });
}

export function serveOpenApi(path: string, _req: IncomingMessage, res: ServerResponse) {
  if (path === '/openapi/v3') {
    const index: Record<string, { serverRelativeURL: string }> = {};
    for (const [p, d] of docs) index[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
    return sendJson(res, 200, { paths: index });
  }
  const doc = docs.get(path.replace(/^\/openapi\/v3\//, ''));
  if (path.startsWith('/openapi/v3/') && doc) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'public, immutable', 'Content-Length': Buffer.byteLength(doc.body) });
    res.end(doc.body);
    return undefined;
  }
  throw errors.notFoundPath();
}

export { apiVersionOf };
