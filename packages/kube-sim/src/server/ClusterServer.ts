import { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { Certificate } from '../util/selfSignedCert';
import { AddressInfo, Socket } from 'node:net';
import { errors } from '../api/status';
import type { Cluster } from '../cluster/Cluster';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from './discovery';
import { sendError, sendJson } from './http';
import { parseRequest } from './requestInfo';
import { handleResource } from './resourceHandler';
import { serveOpenApi } from './openapi';

const READ_VERBS = new Set(['get', 'list', 'watch']);
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

/**
 * The HTTP front of one cluster: bearer-token authentication (a read-write
 * and a read-only token), fault injection, request counting, then discovery
 * or the generic resource handler. `down()` closes the listening socket so
 * clients get "connection refused", exactly like an unreachable cluster.
 */
export class ClusterServer {
  private server?: https.Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(readonly cluster: Cluster, private readonly cert: Certificate, private readonly host = '127.0.0.1') {}

  get url() {
    return `https://${this.host}:${this.port}`;
  }

  get isUp() {
    return !!this.server;
  }

  async listen(port = this.port): Promise<void> {
    if (this.server) return;
    const server = https.createServer({ cert: this.cert.certPem, key: this.cert.keyPem }, (req, res) => {
      this.handle(req, res).catch(e => sendError(res, e));
    });
    server.keepAliveTimeout = 30_000;
    server.on('secureConnection', s => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every connection (watches included). */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const close of [...this.cluster.watches]) close();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  async up(): Promise<void> {
    await this.listen(this.port);
  }

  private authenticate(req: IncomingMessage): { user: string; readOnly: boolean } | undefined {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m) return undefined;
    if (m[1] === this.cluster.token) return { user: 'kube-sim:admin', readOnly: false };
    if (m[1] === this.cluster.readOnlyToken) return { user: 'kube-sim:viewer', readOnly: true };
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://kube-sim');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const faults = this.cluster.faults;
    if (faults.latencyMs > 0) await new Promise(r => setTimeout(r, faults.latencyMs));
    if (!this.server) {
      req.socket.destroy();
      return;
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (path === '/version') {
      sendJson(res, 200, VERSION_INFO);
      return;
    }
    const who = this.authenticate(req);
    if (!who && !PUBLIC_PATHS.has(path)) throw errors.unauthorized();

    const info = parseRequest(req.method ?? 'GET', path, url.searchParams);
    if (info.type === 'discovery') {
      this.discovery(path, req, res);
      return;
    }
    if (info.type === 'unknown') throw errors.notFoundPath();

    const t = info.resourceType;
    const verb = info.verb === 'patch' && (req.headers['content-type'] ?? '').startsWith('application/apply-patch') ? 'apply' : info.verb;
    this.cluster.requests.record(verb, t.group, t.plural, info.subresource);

    const injected = faults.nextError();
    if (injected === 429) throw errors.tooManyRequests();
    if (injected === 500) throw errors.internal();
    if (injected === 503) throw errors.unavailable();

    const readOnlyAllowed = READ_VERBS.has(info.verb) || t.virtual && t.group === 'authorization.k8s.io';
    if (who!.readOnly && !readOnlyAllowed) {
      throw errors.forbidden(t, info.verb, who!.user, t.namespaced ? info.namespace : undefined, info.name);
    }
    await handleResource(
      this.cluster,
      { t, namespace: info.namespace, name: info.name, subresource: info.subresource, verb: info.verb, user: who!.user, readOnly: who!.readOnly },
      req,
      res,
      url.searchParams,
    );
  }

  private discovery(path: string, req: IncomingMessage, res: ServerResponse) {
    const segs = path.split('/').filter(Boolean);
    if (path === '/api') return sendJson(res, 200, apiVersions(`${this.host}:${this.port}`));
    if (path === '/apis') return sendJson(res, 200, apiGroupList());
    if (segs[0] === 'api' && segs.length === 2) {
      const doc = apiResourceList('', segs[1]);
      if (doc) return sendJson(res, 200, doc);
    }
    if (segs[0] === 'apis' && segs.length === 2) {
      const doc = apiGroup(segs[1]);
      if (doc) return sendJson(res, 200, doc);
    }
    if (segs[0] === 'apis' && segs.length === 3) {
      const doc = apiResourceList(segs[1], segs[2]);
      if (doc) return sendJson(res, 200, doc);
    }
    if (segs[0] === 'openapi') return serveOpenApi(path, req, res);
    throw errors.notFoundPath();
  }
}
