/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { Order, OrderTarget } from '@dyploma/plugin-dyploma-common';

/** One request the fake backend received. */
export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: any;
}

/**
 * A fake of the two backend APIs the actions call, on a real HTTP port (node:http), so the
 * actions' fetch, headers and JSON run for real: the catalog's `by-name` lookup and
 * Dyploma's order API (create with idempotency key, get). Each GET of an order moves it one
 * step along `script`, a list of states the test writes.
 */
export class FakeBackend {
  readonly requests: SeenRequest[] = [];
  /** `kind:namespace/name` the catalog knows. */
  readonly entities = new Set<string>();
  /** How many times the orders route answers 404 before the service "appears". */
  serviceMissingFor = 0;
  /** Location entities `GET /entities?filter=kind=location...` answers. */
  readonly locations: Array<{
    metadata: { name: string; namespace: string };
    spec: { type: string; target: string };
  }> = [];
  /** Entity refs asked to be refreshed, in order. */
  readonly refreshed: string[] = [];
  /** Entities that appear in the catalog when a location is refreshed. */
  readonly appearOnRefresh: string[] = [];
  /** When set, the orders route answers this instead of creating an order. */
  refuseOrders?: { status: number; body: unknown };
  /** The states of the next order, one per GET; the last one stays. */
  script: Array<Pick<Order, 'status' | 'error'> & { targets: OrderTarget[] }> =
    [{ status: 'succeeded', targets: [] }];
  readonly orders = new Map<string, Order & { gets: number }>();
  private server?: Server;
  private baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server?.close(() => resolve()));
  }

  /** Discovery pointing every plugin at this server, under /api/<plugin>. */
  discovery() {
    return mockServices.discovery.mock({
      getBaseUrl: async (pluginId: string) => `${this.baseUrl}/api/${pluginId}`,
    });
  }

  /** The order create requests (POSTs) received. */
  orderPosts(): SeenRequest[] {
    return this.requests.filter(r => r.method === 'POST');
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    req.on('data', chunk => {
      raw += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      const body = raw ? JSON.parse(raw) : undefined;
      this.requests.push({
        method: req.method ?? 'GET',
        path,
        authorization: req.headers.authorization,
        body,
      });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const notFound = (message: string) =>
        send(404, {
          error: { name: 'NotFoundError', message },
          response: { statusCode: 404 },
        });

      let m = path.match(
        /^\/api\/catalog\/entities\/by-name\/([^/]+)\/([^/]+)\/([^/]+)$/,
      );
      if (m && req.method === 'GET') {
        const ref = `${m[1]}:${decodeURIComponent(m[2])}/${decodeURIComponent(
          m[3],
        )}`;
        if (this.entities.has(ref)) {
          send(200, { kind: m[1], metadata: { name: m[3] } });
        } else {
          notFound(`No entity named '${ref}' found`);
        }
        return;
      }

      if (path.startsWith('/api/catalog/entities?') && req.method === 'GET') {
        send(200, this.locations);
        return;
      }
      if (path === '/api/catalog/refresh' && req.method === 'POST') {
        this.refreshed.push(body.entityRef);
        for (const ref of this.appearOnRefresh) this.entities.add(ref);
        res.writeHead(200);
        res.end();
        return;
      }

      m = path.match(/^\/api\/dyploma\/services\/([^/]+)\/([^/]+)\/orders$/);
      if (m && req.method === 'POST') {
        if (this.refuseOrders) {
          send(this.refuseOrders.status, this.refuseOrders.body);
          return;
        }
        if (this.serviceMissingFor > 0) {
          this.serviceMissingFor -= 1;
          notFound(`no service component:${m[1]}/${m[2]} in the catalog`);
          return;
        }
        const existing = [...this.orders.values()].find(
          o => body.idempotencyKey && o.idempotencyKey === body.idempotencyKey,
        );
        if (existing) {
          send(200, existing);
          return;
        }
        const id = `00000000-0000-4000-8000-${String(
          this.orders.size + 1,
        ).padStart(12, '0')}`;
        const order = {
          id,
          service: `component:${m[1]}/${m[2]}`,
          environment: body.environment,
          kind: 'deploy' as const,
          params: { version: body.version },
          author: 'user:default/mock',
          reason: body.reason,
          idempotencyKey: body.idempotencyKey,
          status: 'pending' as const,
          attempts: 0,
          createdAt: new Date(0).toISOString(),
          targets: [],
          gets: 0,
        };
        this.orders.set(id, order);
        send(201, order);
        return;
      }

      m = path.match(/^\/api\/dyploma\/orders\/([^/]+)$/);
      if (m && req.method === 'GET') {
        const order = this.orders.get(m[1]);
        if (!order) {
          notFound(`no order "${m[1]}"`);
          return;
        }
        const state = this.script[Math.min(order.gets, this.script.length - 1)];
        order.gets += 1;
        Object.assign(order, state);
        send(200, order);
        return;
      }
      notFound(`the fake backend has no route ${req.method} ${path}`);
    });
  }
}

/** A cluster's progress, as the orchestrator reports it. */
export function target(
  cluster: string,
  status: OrderTarget['status'],
  counts: { desired?: number; updated?: number; ready?: number } = {},
  message?: string,
): OrderTarget {
  return {
    cluster,
    status,
    ...counts,
    ...(message && { message }),
    attempts: 1,
    updatedAt: new Date(0).toISOString(),
  };
}
