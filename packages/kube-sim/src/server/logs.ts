import { IncomingMessage, ServerResponse } from 'node:http';
import { RESOURCES } from '../api/registry';
import { errors } from '../api/status';
import type { Cluster } from '../cluster/Cluster';

/** Simulated ms between two log lines of a container. */
export const LOG_INTERVAL_MS = 5_000;

function line(pod: any, container: string, startedAt: number, i: number, restart: number, scale = 1): string {
  const ts = new Date(startedAt + (i * LOG_INTERVAL_MS) / scale).toISOString();
  return JSON.stringify({ ts, level: 'info', msg: 'handled request', pod: pod.metadata.name, container, restart, seq: i });
}

/**
 * `pods/log`: deterministic JSON lines per container instance, one per
 * simulated 5 s since it started; `follow` streams new ones; `previous`
 * returns the last terminated instance's lines, ending with its crash.
 */
export function serveLogs(cluster: Cluster, ns: string, name: string, req: IncomingMessage, res: ServerResponse, query: URLSearchParams) {
  const pod = cluster.api.get(RESOURCES.pods, ns, name);
  const names: string[] = (pod.spec.containers ?? []).map((c: any) => c.name);
  let container = query.get('container');
  if (!container) {
    if (names.length !== 1) {
      throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    }
    container = names[0];
  }
  if (!names.includes(container)) throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
  const status = (pod.status?.containerStatuses ?? []).find((c: any) => c.name === container);
  const previous = query.get('previous') === 'true';
  const tail = query.has('tailLines') ? Number(query.get('tailLines')) : undefined;
  const follow = query.get('follow') === 'true' && !previous;
  const timestamps = query.get('timestamps') === 'true';
  const scale = cluster.clock.timeScale;
  const fmt = (l: string) => (timestamps ? `${JSON.parse(l).ts} ${l}` : l);

  let lines: string[];
  let startedAtReal: number;
  if (previous) {
    const term = status?.lastState?.terminated;
    if (!term) throw errors.badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    startedAtReal = Date.parse(term.startedAt);
    const n = Math.min(1000, Math.floor(((Date.parse(term.finishedAt) - startedAtReal) * scale) / LOG_INTERVAL_MS));
    lines = Array.from({ length: n }, (_, i) => line(pod, container!, startedAtReal, i, status.restartCount - 1, scale));
    lines.push(JSON.stringify({ ts: term.finishedAt, level: 'error', msg: `fatal: ${term.reason === 'Error' ? 'process exited' : term.reason}`, exitCode: term.exitCode, pod: name, container }));
  } else {
    const running = status?.state?.running;
    if (!running) {
      const why = status?.state?.waiting?.reason ?? 'ContainerCreating';
      throw errors.badRequest(`container "${container}" in pod "${name}" is waiting to start: ${why}`);
    }
    startedAtReal = Date.parse(running.startedAt);
    const n = Math.min(10_000, Math.floor(((Date.now() - startedAtReal) * scale) / LOG_INTERVAL_MS) + 1);
    const from = tail !== undefined ? Math.max(0, n - tail) : 0;
    lines = [];
    for (let i = from; i < n; i++) lines.push(line(pod, container, startedAtReal, i, status.restartCount ?? 0, scale));
  }
  if (previous && tail !== undefined) lines = lines.slice(-tail);

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  for (const l of lines) res.write(`${fmt(l)}\n`);
  if (!follow) {
    res.end();
    return;
  }
  let stop = () => {};
  const close = () => {
    stop();
    cluster.watches.delete(close);
    if (!res.writableEnded) res.end();
  };
  let seq = Math.floor(((Date.now() - startedAtReal) * scale) / LOG_INTERVAL_MS) + 1;
  stop = cluster.clock.every(LOG_INTERVAL_MS, () => {
    const current = cluster.store.peek('/pods', ns, name);
    const cs = (current?.status?.containerStatuses ?? []).find((c: any) => c.name === container);
    if (!current || !cs?.state?.running || Date.parse(cs.state.running.startedAt) !== startedAtReal) {
      close();
      return;
    }
    res.write(`${fmt(line(pod, container!, startedAtReal, seq++, cs.restartCount ?? 0, scale))}\n`);
  });
  cluster.watches.add(close);
  req.on('close', close);
}
