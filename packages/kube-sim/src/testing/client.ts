import https from 'node:https';
import type { KubeSim } from '../sim/startKubeSim';

export interface SimResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** A minimal HTTPS client for tests: trusts the simulator's CA, sends a bearer token. */
export function client(sim: KubeSim, cluster = sim.clusters[0].name, readOnly = false) {
  const c = sim.clusters.find(x => x.name === cluster)!;
  const token = readOnly ? c.readOnlyToken : c.token;
  return function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<SimResponse> {
    const url = new URL(path, c.url);
    let payload: string | undefined;
    if (body !== undefined) payload = typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          ca: sim.ca,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json' } : {}),
            ...headers,
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', d => chunks.push(d));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: any;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  };
}

/** Opens a watch and collects its events until `stop()`. */
export function watch(sim: KubeSim, path: string, cluster = sim.clusters[0].name) {
  const c = sim.clusters.find(x => x.name === cluster)!;
  const events: any[] = [];
  let buffer = '';
  let resolveEnd: () => void;
  const ended = new Promise<void>(r => {
    resolveEnd = r;
  });
  const req = https.request(new URL(path, c.url), { ca: sim.ca, headers: { Authorization: `Bearer ${c.token}` } }, res => {
    res.on('data', d => {
      buffer += d.toString('utf8');
      let i = buffer.indexOf('\n');
      while (i >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (line.trim()) events.push(JSON.parse(line));
        i = buffer.indexOf('\n');
      }
    });
    res.on('end', () => resolveEnd());
    res.on('close', () => resolveEnd());
  });
  req.on('error', () => resolveEnd());
  req.end();
  return {
    events,
    ended,
    stop: () => req.destroy(),
  };
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise(r => setTimeout(r, 25));
  }
}
