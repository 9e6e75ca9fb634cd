import { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ResourceType, apiVersionOf, storageKey } from '../api/resourceType';
import { RESOURCES, storageTypeOf } from '../api/registry';
import { errors, successStatus } from '../api/status';
import { coreToEventsV1, eventsV1ToCore } from '../api/eventConversion';
import { parseFieldSelector, parseLabelSelector } from '../store/selectors';
import { PATCH_CONTENT_TYPES } from '../cluster/ResourceApi';
import type { Cluster } from '../cluster/Cluster';
import { parseJson, readBody, sendJson, wantsTable } from './http';
import { toTable, tableStorage } from './tables';
import { serveWatch } from './watch';
import { decodeProtobuf } from '../api/protobuf';
import { serveLogs } from './logs';
import { serveMetrics } from './metrics';
import { serveAccessReview } from './accessReview';
import { getScale, setScale } from './scale';
import { evictPod } from './eviction';

export interface ResourceRequest {
  t: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  verb: string;
  user: string;
  readOnly: boolean;
}

/** Strips the per-item kind/apiVersion, as list responses from a real server do. */
function listItem(o: any) {
  const { kind, apiVersion, ...rest } = o;
  return rest;
}

/** The name of the field manager: `?fieldManager=` or the User-Agent's program name. */
function managerOf(req: IncomingMessage, query: URLSearchParams): string {
  const fm = query.get('fieldManager');
  if (fm) return fm;
  const ua = req.headers['user-agent'] ?? 'unknown';
  return ua.split('/')[0] || 'unknown';
}

function viewConvert(t: ResourceType) {
  if (t.group === 'events.k8s.io') return { out: coreToEventsV1, in: eventsV1ToCore };
  return { out: (o: any) => o, in: (o: any) => o };
}

export async function handleResource(cluster: Cluster, r: ResourceRequest, req: IncomingMessage, res: ServerResponse, query: URLSearchParams) {
  const { t, namespace, name, subresource, verb } = r;
  const st = storageTypeOf(t);
  const conv = viewConvert(t);
  const dryRun = query.getAll('dryRun').includes('All');
  const ns = t.namespaced ? namespace : undefined;

  if (t.virtual) {
    if (t.group === 'metrics.k8s.io') return serveMetrics(cluster, t, r, req, res, query);
    if (t.group === 'authorization.k8s.io') return serveAccessReview(cluster, t, r, req, res);
  }
  if (subresource) {
    if (!(t.subresources ?? []).includes(subresource)) throw errors.notFoundPath();
    if (!name) throw errors.notFoundPath();
    if (subresource === 'log') return serveLogs(cluster, ns!, name, req, res, query);
    if (subresource === 'scale') {
      if (verb === 'get') return sendJson(res, 200, getScale(cluster, t, ns, name));
      const body = await readBody(req);
      return sendJson(res, 200, setScale(cluster, t, ns, name, verb, req.headers['content-type'] ?? '', body, managerOf(req, query), dryRun));
    }
    if (subresource === 'eviction') {
      if (verb !== 'create') throw errors.methodNotAllowed();
      const body = parseJson(await readBody(req));
      return sendJson(res, 201, evictPod(cluster, ns!, name, body));
    }
    if (subresource === 'binding') {
      if (verb !== 'create') throw errors.methodNotAllowed();
      const body = parseJson(await readBody(req));
      cluster.bindPod(ns!, name, body?.target?.name);
      return sendJson(res, 201, successStatus());
    }
  }

  switch (verb) {
    case 'get': {
      const obj = conv.out(cluster.api.get(st, ns, name!));
      if (wantsTable(req)) return sendJson(res, 200, toTable(tableStorage(t), [obj], { resourceVersion: obj.metadata.resourceVersion }, query.get('includeObject')));
      return sendJson(res, 200, obj);
    }
    case 'list':
    case 'watch': {
      const labels = parseLabelSelector(query.get('labelSelector') ?? undefined);
      const fields = parseFieldSelector(query.get('fieldSelector') ?? undefined, storageKey(st), t.kind);
      const matches = (o: any) => labels(o.metadata.labels) && fields(o);
      if (verb === 'watch') return serveWatch(cluster, t, { namespace: ns, matches }, query, req, res, conv.out);
      return sendList(cluster, t, ns, matches, query, req, res, conv.out);
    }
    case 'create': {
      if (name) throw errors.methodNotAllowed();
      const body = conv.in(parseBody(await readBody(req, true), req));
      const created = cluster.api.create(st, namespace, body, { manager: managerOf(req, query), dryRun });
      return sendJson(res, 201, conv.out(created));
    }
    case 'update': {
      const body = conv.in(parseBody(await readBody(req, true), req));
      const updated = cluster.api.update(st, ns, name!, body, { manager: managerOf(req, query), dryRun, subresource });
      return sendJson(res, 200, conv.out(updated));
    }
    case 'patch': {
      const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim();
      const type = PATCH_CONTENT_TYPES[ctype];
      if (!type) throw errors.unsupportedMediaType(ctype);
      const text = await readBody(req);
      const patch = type === 'apply' ? parseYamlOrJson(text) : parseJson(text, 'patch');
      const patched = cluster.api.patch(st, ns, name!, type, patch, {
        manager: type === 'apply' ? query.get('fieldManager') ?? undefined : managerOf(req, query),
        force: query.get('force') === 'true',
        dryRun,
        subresource,
      });
      return sendJson(res, 200, conv.out(patched));
    }
    case 'delete': {
      const body = parseJson(await readBody(req), 'DeleteOptions') ?? {};
      const grace = query.get('gracePeriodSeconds') ?? body.gracePeriodSeconds;
      const { object, gone } = cluster.api.delete(st, ns, name!, {
        propagationPolicy: query.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents ? 'Orphan' : undefined),
        gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
        preconditions: body.preconditions,
        dryRun,
      });
      // Pods and objects still terminating come back as themselves; others as a Success Status.
      if (!gone || t.kind === 'Pod' || t.kind === 'Namespace') return sendJson(res, 200, conv.out(object));
      return sendJson(res, 200, successStatus({ name: object.metadata.name, group: t.group, kind: t.plural, ...({ uid: object.metadata.uid } as any) }));
    }
    case 'deletecollection': {
      const labels = parseLabelSelector(query.get('labelSelector') ?? undefined);
      const fields = parseFieldSelector(query.get('fieldSelector') ?? undefined, storageKey(st), t.kind);
      const victims = cluster.store.list(storageKey(st), ns).filter(o => labels(o.metadata.labels) && fields(o));
      const out: any[] = [];
      for (const v of victims) out.push(cluster.api.delete(st, v.metadata.namespace, v.metadata.name, { dryRun }).object);
      return sendJson(res, 200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(cluster.store.resourceVersion) }, items: out.map(conv.out).map(listItem) });
    }
    default:
      throw errors.methodNotAllowed();
  }
}

export function parseBody(raw: Buffer, req: IncomingMessage): any {
  const ctype = req.headers['content-type'] ?? '';
  if (ctype.includes('protobuf')) return decodeProtobuf(raw);
  const text = raw.toString('utf8');
  if (ctype.includes('yaml')) return parseYamlOrJson(text);
  return parseJson(text);
}

function parseYamlOrJson(text: string): any {
  try {
    // maxAliasCount guards against alias bombs (CVE-2019-11253).
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function sendList(cluster: Cluster, t: ResourceType, ns: string | undefined, matches: (o: any) => boolean, query: URLSearchParams, req: IncomingMessage, res: ServerResponse, convert: (o: any) => any) {
  const storage = storageKey(storageTypeOf(t));
  const limit = Number(query.get('limit') ?? 0);
  const cont = query.get('continue');
  let start = '';
  let listRv = cluster.store.resourceVersion;
  if (cont) {
    let token: ContinueToken;
    try {
      token = JSON.parse(Buffer.from(cont, 'base64').toString('utf8'));
    } catch {
      throw errors.badRequest('continue key is not valid: illegal base64 data at input byte 0');
    }
    if (token.rv < cluster.store.oldestResumableRv) {
      throw errors.expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
    }
    start = token.start;
    listRv = token.rv;
  }
  const keys = cluster.store.sortedKeys(storage);
  const items: any[] = [];
  let next: string | undefined;
  let remaining = 0;
  const prefix = ns !== undefined ? `${ns}/` : '';
  for (const key of keys) {
    if (start && key <= start) continue;
    if (prefix && !key.startsWith(prefix)) continue;
    const o = cluster.store.peekByKey(storage, key);
    if (!matches(o)) continue;
    if (limit > 0 && items.length >= limit) {
      next ??= Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: listRv, start: `${items[items.length - 1].metadata.namespace ?? ''}/${items[items.length - 1].metadata.name}` })).toString('base64');
      remaining++;
      continue;
    }
    items.push(convert(o));
  }
  const metadata: any = { resourceVersion: String(listRv) };
  if (next) {
    metadata.continue = next;
    metadata.remainingItemCount = remaining;
  }
  if (wantsTable(req)) return sendJson(res, 200, toTable(tableStorage(t), items, metadata, query.get('includeObject')));
  return sendJson(res, 200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata, items: items.map(listItem) });
}

export { RESOURCES };
