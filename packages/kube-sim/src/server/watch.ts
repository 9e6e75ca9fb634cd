import { IncomingMessage, ServerResponse } from 'node:http';
import { ResourceType, apiVersionOf, storageKey } from '../api/resourceType';
import { storageTypeOf } from '../api/registry';
import { ApiError } from '../api/status';
import { Change } from '../store/ObjectStore';
import type { Cluster } from '../cluster/Cluster';
import { toTable, tableStorage } from './tables';
import { wantsTable } from './http';

export interface WatchFilter {
  namespace?: string;
  /** metadata.name from a `metadata.name=` field selector, for a fast path. */
  matches: (obj: any) => boolean;
}

/**
 * A watch stream: newline-delimited `{"type","object"}` events from a
 * resourceVersion on, BOOKMARKs when asked for, and an ERROR event with a
 * 410 Expired Status when the history no longer reaches back that far.
 */
export function serveWatch(
  cluster: Cluster,
  t: ResourceType,
  filter: WatchFilter,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
  convert: (o: any) => any,
) {
  const storage = storageKey(storageTypeOf(t));
  const table = wantsTable(req);
  const includeObject = query.get('includeObject');
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const rvParam = query.get('resourceVersion') ?? '';
  const sent = new Set<string>();
  const keyOf = (o: any) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  const write = (type: string, object: any) => {
    // A stalled watch stays open and says nothing, like a connection a proxy silently dropped.
    if (res.writableEnded || cluster.faults.stallWatches) return;
    let payload = object;
    if (type !== 'ERROR' && type !== 'BOOKMARK') {
      payload = convert(object);
      if (table) payload = toTable(tableStorage(t), [payload], { resourceVersion: object.metadata.resourceVersion }, includeObject);
    }
    res.write(`${JSON.stringify({ type, object: payload })}\n`);
  };

  /** Turns a change into what this watcher should see (selector transitions become ADDED/DELETED). */
  const deliver = (c: Change) => {
    if (filter.namespace !== undefined && c.object.metadata.namespace !== filter.namespace) return;
    const key = keyOf(c.object);
    const match = filter.matches(c.object);
    if (c.type === 'DELETED') {
      if (sent.delete(key) || match) write('DELETED', c.object);
      return;
    }
    if (match) {
      write(sent.has(key) ? c.type : 'ADDED', c.object);
      sent.add(key);
    } else if (sent.delete(key)) {
      write('DELETED', c.object);
    }
  };

  let lastRv = cluster.store.resourceVersion;
  try {
    if (rvParam === '' || rvParam === '0') {
      // No version: a synthetic ADDED for every current object, then changes.
      for (const o of cluster.store.list(storage, filter.namespace)) {
        if (filter.matches(o)) {
          write('ADDED', o);
          sent.add(keyOf(o));
        }
      }
    } else {
      const from = Number(rvParam);
      for (const c of cluster.store.changesSince(Number.isFinite(from) ? from : 0, storage)) {
        if (c.type !== 'ADDED') sent.add(keyOf(c.object));
        deliver(c);
      }
      // Objects that exist now and were not touched since `from` also count as seen.
      for (const o of cluster.store.list(storage, filter.namespace)) if (filter.matches(o)) sent.add(keyOf(o));
    }
  } catch (e) {
    if (e instanceof ApiError) {
      write('ERROR', e.status);
      res.end();
      return;
    }
    throw e;
  }

  const unsubscribe = cluster.store.subscribe(c => {
    if (c.resource !== storage) return;
    lastRv = c.rv;
    if (cluster.faults.stallWatches) return;
    deliver(c);
  });
  const stopBookmarks = bookmarks
    ? cluster.clock.every(60_000, () => {
        if (cluster.faults.stallWatches) return;
        write('BOOKMARK', {
          kind: t.kind,
          apiVersion: apiVersionOf(t),
          metadata: { resourceVersion: String(Math.max(lastRv, cluster.store.resourceVersion)) },
        });
      })
    : () => {};
  let timer: NodeJS.Timeout | undefined;
  const close = () => {
    unsubscribe();
    stopBookmarks();
    if (timer) clearTimeout(timer);
    cluster.watches.delete(close);
    if (!res.writableEnded) res.end();
  };
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  if (timeoutSeconds > 0) timer = setTimeout(close, timeoutSeconds * 1000);
  cluster.watches.add(close);
  req.on('close', close);
  res.on('close', close);
}
