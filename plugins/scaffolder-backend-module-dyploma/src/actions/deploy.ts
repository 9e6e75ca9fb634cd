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

import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  parseOrderRequest,
  type Order,
  type OrderStatus,
  type OrderTarget,
} from '@dyploma/plugin-dyploma-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { BackendResponseError, callPlugin } from './backendClient';
import { parseRef, stringifyRef } from './entityRef';
import { examples } from './deploy.examples';
import { ServiceInputError } from './validate';

const TERMINAL: ReadonlySet<OrderStatus> = new Set([
  'succeeded',
  'partially-failed',
  'failed',
  'rolled-back',
  'cancelled',
]);

/** How long to wait, and how often to look. Tests make these short. */
export interface DeployTimings {
  /** Between two looks at the order. Default 2 s. */
  pollIntervalMs?: number;
  /**
   * How long a just-registered component may take to appear in the catalog (the backend
   * answers 404 until it does). Default 120 s.
   */
  catalogWaitMs?: number;
}

/** `dc1: progressing, 1/2 updated, 0/2 ready` */
export function describeTarget(target: OrderTarget): string {
  const parts: string[] = [target.status];
  if (target.desired !== undefined) {
    parts.push(
      `${target.updated ?? 0}/${target.desired} updated`,
      `${target.ready ?? 0}/${target.desired} ready`,
    );
  }
  if (target.message) parts.push(target.message);
  return `${target.cluster}: ${parts.join(', ')}`;
}

/** The command a user can run to try again; kept in one place for when the CLI changes. */
export function retryCommand(
  entityRef: string,
  environment: string,
  version: string,
): string {
  const ref = parseRef(entityRef, { kind: 'component' });
  return `dyploma deploy ${ref.namespace}/${ref.name} --environment ${environment} --version ${version}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('the task was cancelled'));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('the task was cancelled'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Printable token the API accepts as an idempotency key. */
function idempotencyKeyFor(taskId: string, environment: string): string {
  return `${taskId}:${environment}`.replace(/[^A-Za-z0-9._:-]/g, '-');
}

/**
 * `dyploma:deploy`: orders a deploy on behalf of the user who runs the template, then
 * follows the order and writes its progress per cluster to the task log.
 *
 * Idempotent twice over: the order's id is kept in a checkpoint, so a task resumed after a
 * restart follows the same order, and the order carries an idempotency key made from the
 * task id, so the backend answers a repeated request with the order it already has.
 *
 * @public
 */
export function createDeployAction(
  options: {
    discovery: DiscoveryService;
    auth: AuthService;
  } & DeployTimings,
) {
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const catalogWaitMs = options.catalogWaitMs ?? 120_000;
  return createTemplateAction({
    id: 'dyploma:deploy',
    description:
      'Orders a deploy of a service to an environment as the user who runs the template, and waits for it with progress per cluster in the log',
    examples,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The service: component:default/payments, or payments (from catalog:register, output entityRef)',
            ),
        environment: z =>
          z.string().min(1).describe('The environment, e.g. dev'),
        version: z =>
          z
            .string()
            .min(1)
            .describe('Image tag (1.4.2) or digest (sha256:...) to deploy'),
        replicas: z =>
          z
            .number()
            .int()
            .optional()
            .describe(
              "Replicas; default: the model's replicas for a first release",
            ),
        reason: z =>
          z
            .string()
            .optional()
            .describe('Why, recorded on the order; default names the template'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe(
              'Fail the step when the order has not finished after this long (default 600); the order itself goes on',
            ),
      },
      output: {
        orderId: z => z.string().describe('The deploy order'),
        status: z =>
          z
            .string()
            .describe(
              'How the order ended: succeeded, partially-failed, failed, rolled-back or cancelled',
            ),
      },
    },
    async handler(ctx) {
      const { environment, version, replicas } = ctx.input;
      const timeoutMs = (ctx.input.timeoutSeconds ?? 600) * 1000;
      const ref = parseRef(ctx.input.entityRef, { kind: 'component' });
      const entityRef = stringifyRef(ref);
      const reason =
        ctx.input.reason ??
        `first deploy of a new service from template ${
          ctx.templateInfo?.entityRef ?? 'scaffolder'
        }`;
      const body = {
        kind: 'deploy' as const,
        environment,
        version,
        ...(replicas !== undefined && { replicas }),
        reason,
        idempotencyKey: idempotencyKeyFor(ctx.task.id, environment),
      };
      // The backend's own schema, so a bad version is refused before anything is sent.
      const parsed = parseOrderRequest(body);
      if (!parsed.ok) throw new ServiceInputError(parsed.problems);
      if (ref.kind !== 'component') {
        throw new ServiceInputError([
          {
            path: 'entityRef',
            text: `expected a component, got ${entityRef}`,
            message: `entityRef: expected a component, got ${entityRef}`,
          },
        ]);
      }

      const credentials = await ctx.getInitiatorCredentials();
      const servicePath = `/services/${encodeURIComponent(
        ref.namespace,
      )}/${encodeURIComponent(ref.name)}/orders`;

      const { orderId } = await ctx.checkpoint({
        key: `dyploma.deploy.order.v1.${environment}`,
        fn: async () => {
          const started = Date.now();
          for (;;) {
            try {
              const { status, body: order } = await callPlugin<Order>(options, {
                pluginId: 'dyploma',
                path: servicePath,
                method: 'POST',
                body,
                credentials,
                signal: ctx.signal,
              });
              ctx.logger.info(
                status === 201
                  ? `ordered: deploy ${version} of ${entityRef} to ${environment} (order ${order.id})`
                  : `the order exists already: ${order.id} (same idempotency key ${body.idempotencyKey})`,
              );
              return { orderId: order.id };
            } catch (e) {
              // A component registered a moment ago is not in the catalog until it has been
              // processed; the backend answers 404 until then.
              if (
                e instanceof BackendResponseError &&
                e.status === 404 &&
                Date.now() - started < catalogWaitMs
              ) {
                ctx.logger.info(
                  `waiting for the catalog to process ${entityRef} (${e.message})`,
                );
                await sleep(pollIntervalMs, ctx.signal);
                continue;
              }
              throw new Error(
                `could not order the deploy of ${entityRef} to ${environment}: ${
                  (e as Error).message
                }\n${afterFailure(entityRef, environment, version)}`,
              );
            }
          }
        },
      });
      ctx.output('orderId', orderId);

      const started = Date.now();
      let lastStatus = '';
      const lastTarget = new Map<string, string>();
      let order: Order;
      for (;;) {
        ({ body: order } = await callPlugin<Order>(options, {
          pluginId: 'dyploma',
          path: `/orders/${encodeURIComponent(orderId)}`,
          credentials,
          signal: ctx.signal,
        }));
        if (order.status !== lastStatus) {
          ctx.logger.info(`order ${order.id}: ${order.status}`);
          lastStatus = order.status;
        }
        for (const target of order.targets ?? []) {
          const line = describeTarget(target);
          if (lastTarget.get(target.cluster) !== line) {
            ctx.logger.info(line);
            lastTarget.set(target.cluster, line);
          }
        }
        if (TERMINAL.has(order.status)) break;
        if (Date.now() - started >= timeoutMs) {
          ctx.output('status', order.status);
          throw new Error(
            `order ${order.id} is still ${order.status} after ${Math.round(
              timeoutMs / 1000,
            )} s; it goes on without this task: follow it on the service's Deploy tab.\n${afterFailure(
              entityRef,
              environment,
              version,
            )}`,
          );
        }
        await sleep(pollIntervalMs, ctx.signal);
      }

      ctx.output('status', order.status);
      if (order.status !== 'succeeded') {
        const failed = (order.targets ?? [])
          .filter(t => t.status !== 'succeeded')
          .map(t => `  ${describeTarget(t)}`);
        throw new Error(
          [
            `the deploy of ${version} to ${environment} ended ${
              order.status
            } (order ${order.id})${order.error ? `: ${order.error}` : ''}`,
            ...failed,
            afterFailure(entityRef, environment, version),
          ].join('\n'),
        );
      }
      ctx.logger.info(
        `${entityRef} ${version} runs in ${environment} (order ${order.id})`,
      );
    },
  });
}

function afterFailure(
  entityRef: string,
  environment: string,
  version: string,
): string {
  return `${entityRef} was created and registered in the catalog, and stays: retry the deploy from the service's Deploy tab, or with the CLI: ${retryCommand(
    entityRef,
    environment,
    version,
  )}`;
}
