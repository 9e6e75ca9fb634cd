import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { ClusterServer } from '../server/ClusterServer';

export const CONTROL_PREFIX = '/control/v1';

interface Reply {
  code: number;
  body: unknown;
}

const reply = (code: number, body: unknown): Reply => ({ code, body });

class ControlError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/**
 * The control API (plain HTTP on its own port, under /control/v1): fault
 * injection and inspection for tests and demos. Routes:
 *
 *   GET    /control/v1/clusters                          state of every cluster
 *   POST   /control/v1/clusters/{c}/down | /up           stop/start listening (connection refused)
 *   GET    /control/v1/clusters/{c}/faults               current faults
 *   PUT    /control/v1/clusters/{c}/faults               {latencyMs, errorRates:{429,500,503}, stallWatches}
 *   DELETE /control/v1/clusters/{c}/faults               clear all faults
 *   POST   /control/v1/clusters/{c}/expire-watch-history open watches end; resuming them (or an old
 *                                                         continue token) gets 410 Expired
 *   POST   /control/v1/clusters/{c}/nodes/{n}/not-ready | /ready
 *   GET    /control/v1/clusters/{c}/requests             counts by verb and resource
 *   DELETE /control/v1/clusters/{c}/requests             reset the counts
 *   PUT    /control/v1/clusters/{c}/load                 {namespace, workload, factor} usage multiplier
 */
export class ControlServer {
  private server?: http.Server;
  port = 0;

  constructor(private readonly servers: ClusterServer[], private readonly host = '127.0.0.1') {}

  get url() {
    return `http://${this.host}:${this.port}`;
  }

  async listen(port: number) {
    const server = http.createServer((req, res) => {
      this.handle(req).then(r => send(res, r.code, r.body), e => {
        const code = e instanceof ControlError ? e.code : 500;
        send(res, code, { error: e instanceof Error ? e.message : String(e) });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async close() {
    const s = this.server;
    this.server = undefined;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>(r => s.close(() => r()));
    }
  }

  private find(name: string): ClusterServer {
    const s = this.servers.find(x => x.cluster.name === name);
    if (!s) throw new ControlError(404, `no cluster named ${name}`);
    return s;
  }

  private async handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://control');
    if (!url.pathname.startsWith(CONTROL_PREFIX)) throw new ControlError(404, `not found; the control API lives under ${CONTROL_PREFIX}`);
    const segs = url.pathname.slice(CONTROL_PREFIX.length).split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    if (segs[0] !== 'clusters') throw new ControlError(404, 'not found');
    if (segs.length === 1 && method === 'GET') {
      return reply(200, { clusters: this.servers.map(s => describe(s)) });
    }
    const server = this.find(segs[1]);
    const cluster = server.cluster;
    const action = segs.slice(2).join('/');
    const body = method === 'PUT' || method === 'POST' ? await readJson(req) : undefined;
    if (action === '' && method === 'GET') return reply(200, describe(server));
    if (action === 'down' && method === 'POST') {
      await server.down();
      return reply(200, describe(server));
    }
    if (action === 'up' && method === 'POST') {
      await server.up();
      return reply(200, describe(server));
    }
    if (action === 'faults') {
      if (method === 'GET') return reply(200, cluster.faults.toJSON());
      if (method === 'PUT') {
        try {
          cluster.faults.set(body ?? {});
        } catch (e) {
          throw new ControlError(400, (e as Error).message);
        }
        return reply(200, cluster.faults.toJSON());
      }
      if (method === 'DELETE') {
        cluster.faults.reset();
        return reply(200, cluster.faults.toJSON());
      }
    }
    if (action === 'expire-watch-history' && method === 'POST') {
      // Open watches end too: their clients resume from a version that is now gone and get 410.
      cluster.store.expireHistory();
      cluster.closeWatches();
      return reply(200, { resourceVersion: String(cluster.store.resourceVersion) });
    }
    if (segs[2] === 'nodes' && segs.length === 5 && method === 'POST') {
      const ready = segs[4] === 'ready';
      if (!ready && segs[4] !== 'not-ready') throw new ControlError(404, 'use /ready or /not-ready');
      try {
        cluster.setNodeReady(segs[3], ready);
      } catch {
        throw new ControlError(404, `no node named ${segs[3]} in ${cluster.name}`);
      }
      return reply(200, { node: segs[3], ready });
    }
    if (action === 'requests') {
      if (method === 'GET') return reply(200, { total: cluster.requests.total(), requests: cluster.requests.list() });
      if (method === 'DELETE') {
        cluster.requests.reset();
        return reply(200, { total: 0, requests: [] });
      }
    }
    if (action === 'load' && method === 'PUT') {
      const { namespace, workload, factor } = body ?? {};
      if (!namespace || !workload || !(Number(factor) >= 0)) throw new ControlError(400, 'expected {namespace, workload, factor}');
      cluster.usage.setLoad(namespace, workload, Number(factor));
      return reply(200, { namespace, workload, factor: Number(factor) });
    }
    throw new ControlError(404, `no route ${method} ${url.pathname}`);
  }
}

function describe(s: ClusterServer) {
  return { name: s.cluster.name, url: s.url, up: s.isUp, faults: s.cluster.faults.toJSON(), resourceVersion: String(s.cluster.store.resourceVersion) };
}

function send(res: ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, 'body must be JSON');
  }
}
