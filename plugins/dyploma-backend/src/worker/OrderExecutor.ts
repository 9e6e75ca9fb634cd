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

import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  KubernetesObject,
  renderManifests,
} from '@dyploma/plugin-dyploma-common';
import { namespaceFor, Topology } from '../clusters/topology';
import type { Order, OrderStore, OrderTarget } from '../database/OrderStore';
import type { Release, ReleaseStore } from '../database/ReleaseStore';
import { planRelease, ReleaseSpec, replicasIn } from './planRelease';
import type {
  ApplyError,
  Applier,
  ApplyResult,
  ModelSource,
  RolloutObserver,
} from './types';

export type ExecutorTiming = {
  /** First retry delay of a failed apply; doubles up to `retryMaxMs`, with jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Apply attempts per cluster before it is marked failed. */
  maxAttempts: number;
  /** How long a rollout may take before Dyploma gives up on it. */
  rolloutTimeoutMs: number;
  /** Longest wait between two looks at a rollout when nothing is heard from the cache. */
  pollMs: number;
  /** How long a resumed order waits for the cache to list a cluster before it applies again. */
  cacheSyncTimeoutMs: number;
};

export const DEFAULT_EXECUTOR_TIMING: ExecutorTiming = {
  retryBaseMs: 5_000,
  retryMaxMs: 180_000,
  maxAttempts: 5,
  rolloutTimeoutMs: 15 * 60_000,
  pollMs: 2_000,
  cacheSyncTimeoutMs: 15_000,
};

/**
 * How a cluster's objects are applied when an order is (perhaps) resumed: `apply` them,
 * `look` in the cache first whether a dead worker's apply of this release landed, or
 * treat them as `applied` and only follow the rollout.
 */
type ResumeMode = 'apply' | 'look' | 'applied';

function resumeModeOf(status: OrderTarget['status']): ResumeMode {
  if (status === 'progressing') return 'applied';
  return status === 'applying' ? 'look' : 'apply';
}

type ClusterOutcome = {
  cluster: string;
  status: 'succeeded' | 'failed';
  /** A failed rollout (not an unreachable cluster): the trigger for an automatic rollback. */
  rolloutFailed?: boolean;
  message?: string;
};

/**
 * Carries out one claimed order: records its release, renders the objects per cluster,
 * applies them, follows each rollout in the fleet cache and ends the order. Clusters run
 * in parallel (or datacenter by datacenter when the environment rolls out in waves), so one
 * cluster down or slow never holds up the others. Safe to run again on an order another
 * worker started: the release is not recorded twice, and clusters that already succeeded
 * are left alone.
 */
export class OrderExecutor {
  private readonly timing: ExecutorTiming;

  constructor(
    private readonly deps: {
      orders: OrderStore;
      releases: ReleaseStore;
      topology: Topology;
      models: ModelSource;
      applier: Applier;
      observer: RolloutObserver;
      logger: LoggerService;
      timing?: Partial<ExecutorTiming>;
      now?: () => Date;
      sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    },
  ) {
    this.timing = { ...DEFAULT_EXECUTOR_TIMING, ...deps.timing };
  }

  async execute(order: Order, worker: string, signal: AbortSignal) {
    const { orders, topology } = this.deps;
    await orders.start(order.id, worker);
    const environment = topology.environments.get(order.environment);
    if (!environment) {
      await orders.finish(order.id, worker, {
        status: 'failed',
        error: `environment ${order.environment} is no longer configured`,
      });
      return;
    }

    let release: Release;
    let previous: Release | undefined;
    let rollback: Release | undefined;
    try {
      ({ release, previous, rollback } = await this.recordRelease(order));
    } catch (error) {
      await orders.finish(order.id, worker, {
        status: 'failed',
        error: (error as Error).message,
      });
      return;
    }
    if (rollback) {
      // A worker died while rolling this order back: finish the rollback; the failed
      // release is never rolled out again. A cluster may say `succeeded` from either
      // phase, so the cache tells whether the rollback release is in it.
      await this.finishRollBack(
        order,
        worker,
        signal,
        rollback,
        order.targets
          .filter(t => t.status !== 'rolled-back')
          .map(t => ({
            cluster: t.cluster,
            resume: t.status === 'progressing' ? 'applied' : 'look',
          })),
      );
      return;
    }
    const spec = release.spec as unknown as ReleaseSpec;
    const pending = order.targets.filter(
      t => t.status !== 'succeeded' && t.status !== 'skipped',
    );
    const outcomes = await this.rollOut(
      order,
      worker,
      signal,
      spec,
      release,
      pending,
    );
    const failed = outcomes.filter(o => o.status === 'failed');
    const done = order.targets.length - failed.length;

    if (
      failed.some(o => o.rolloutFailed) &&
      environment.autoRollback &&
      previous &&
      !signal.aborted
    ) {
      await this.rollBack(order, worker, signal, previous, failed);
      return;
    }
    await orders.finish(order.id, worker, {
      releaseRevision: release.revision,
      ...(failed.length === 0
        ? { status: 'succeeded' }
        : {
            status: done > 0 ? 'partially-failed' : 'failed',
            error: failed.map(f => `${f.cluster}: ${f.message}`).join('; '),
          }),
    });
  }

  /** Records the order's release once, even when the order is resumed after a crash. */
  private async recordRelease(order: Order) {
    const { releases, topology, models } = this.deps;
    const current = await releases.latest(order.serviceRef, order.environment);
    if (current?.orderId === order.id) {
      const previous =
        current.revision > 1
          ? await releases.get(
              order.serviceRef,
              order.environment,
              current.revision - 1,
            )
          : undefined;
      // Two releases of this order: the later one is its automatic rollback.
      if (previous?.orderId === order.id) {
        return { release: previous, rollback: current };
      }
      return { release: current, previous };
    }
    const params = order.params as { toRevision?: number };
    const target =
      order.kind === 'rollback' && current
        ? await releases.get(
            order.serviceRef,
            order.environment,
            params.toRevision ?? current.revision - 1,
          )
        : undefined;
    const model =
      order.kind === 'deploy'
        ? await models.effectiveModel(order.serviceRef, order.environment)
        : (current?.spec as unknown as ReleaseSpec | undefined)?.model;
    const planned = planRelease({
      order,
      current,
      target,
      model: model!,
      environment: topology.environments.get(order.environment)!,
      now: this.now(),
    });
    const release = await releases.append({
      serviceRef: order.serviceRef,
      environment: order.environment,
      spec: planned.spec as unknown as Release['spec'],
      author: order.author,
      reason: order.reason ?? planned.reason,
      orderId: order.id,
    });
    return {
      release,
      previous: current,
      rollback: undefined as Release | undefined,
    };
  }

  private async rollOut(
    order: Order,
    worker: string,
    signal: AbortSignal,
    spec: ReleaseSpec,
    release: Release,
    targets: OrderTarget[],
  ): Promise<ClusterOutcome[]> {
    const { topology } = this.deps;
    const environment = topology.environments.get(order.environment)!;
    const waves = environment.waves
      ? groupBy(
          targets,
          t => topology.clusters.get(t.cluster)?.datacenter ?? t.cluster,
        )
      : [targets];
    const outcomes: ClusterOutcome[] = [];
    for (const [index, wave] of waves.entries()) {
      const results = await Promise.all(
        wave.map(t =>
          this.rollOutCluster(order, worker, signal, spec, release, t.cluster, {
            // Where a worker that died left this cluster (see resumeApply).
            resume: resumeModeOf(t.status),
          }),
        ),
      );
      outcomes.push(...results);
      if (
        results.some(r => r.status === 'failed') &&
        index < waves.length - 1
      ) {
        // A wave must be healthy before the next one starts.
        for (const later of waves.slice(index + 1).flat()) {
          await this.deps.orders.updateTarget(order.id, worker, later.cluster, {
            status: 'skipped',
            message: 'not started: an earlier wave failed',
          });
          outcomes.push({
            cluster: later.cluster,
            status: 'failed',
            message: 'not started: an earlier wave failed',
          });
        }
        break;
      }
    }
    return outcomes;
  }

  private async rollOutCluster(
    order: Order,
    worker: string,
    signal: AbortSignal,
    spec: ReleaseSpec,
    release: Release,
    clusterName: string,
    options: { resume?: ResumeMode } = {},
  ): Promise<ClusterOutcome> {
    const { orders, topology, applier, observer } = this.deps;
    const cluster = topology.clusters.get(clusterName);
    const environment = topology.environments.get(order.environment)!;
    const name = parseEntityRef(order.serviceRef).name;
    const namespace = namespaceFor(environment, name);
    const fail = async (message: string, rolloutFailed = false) => {
      await orders.updateTarget(order.id, worker, clusterName, {
        status: 'failed',
        message,
      });
      return {
        cluster: clusterName,
        status: 'failed' as const,
        message,
        rolloutFailed,
      };
    };
    if (!cluster) return fail(`cluster ${clusterName} is no longer configured`);

    const desired = replicasIn(spec, clusterName);
    const releaseId = `${name}/${order.environment}/${release.revision}`;
    let objects;
    try {
      objects = renderManifests({
        model: spec.model,
        release: {
          version: spec.version,
          replicas: desired,
          enabled: spec.enabled,
          releaseId,
          orderId: order.id,
          restartedAt: spec.restartedAt,
        },
        cluster: { name: cluster.name, datacenter: cluster.datacenter },
        environment: { name: order.environment, namespace },
      });
    } catch (error) {
      return fail(`cannot render: ${(error as Error).message}`);
    }

    const resumed = await this.resumeApply(options.resume ?? 'apply', objects, {
      cluster: clusterName,
      namespace,
      name,
      releaseId,
      orderId: order.id,
    });
    const alreadyApplied = resumed.objects === 'applied';
    let applied: ApplyResult = resumed.applied;
    for (let attempt = 1; !alreadyApplied; attempt++) {
      await orders.updateTarget(order.id, worker, clusterName, {
        status: 'applying',
        desired,
        message: attempt > 1 ? `applying (attempt ${attempt})` : 'applying',
        attempt: true,
      });
      try {
        const result = await applier.apply(
          cluster,
          resumed.objects as KubernetesObject[],
        );
        applied = {
          deploymentGeneration:
            result.deploymentGeneration ?? applied.deploymentGeneration,
        };
        break;
      } catch (error) {
        const e = error as ApplyError;
        if (
          !e.retryable ||
          attempt >= this.timing.maxAttempts ||
          signal.aborted
        ) {
          return fail(
            e.retryable
              ? `${e.message} (gave up after ${attempt} attempts)`
              : e.message,
          );
        }
        await this.sleep(this.backoff(attempt), signal);
      }
    }

    await orders.updateTarget(order.id, worker, clusterName, {
      status: 'progressing',
      message: alreadyApplied
        ? 'resumed: already applied, following the rollout'
        : 'rolling out',
    });
    const deadline = Date.now() + this.timing.rolloutTimeoutMs;
    let last = '';
    while (!signal.aborted) {
      const state = observer.rollout({
        cluster: clusterName,
        namespace,
        name,
        minGeneration: applied.deploymentGeneration,
      });
      if (state) {
        const progress = {
          desired: state.desired,
          updated: state.updated,
          ready: state.ready,
          available: state.available,
        };
        if (state.phase === 'complete') {
          await orders.updateTarget(order.id, worker, clusterName, {
            status: 'succeeded',
            message: `${state.available}/${state.desired} available`,
            ...progress,
          });
          return { cluster: clusterName, status: 'succeeded' };
        }
        if (state.phase === 'failed') {
          await orders.updateTarget(order.id, worker, clusterName, progress);
          return fail(`${state.reason}: ${state.message}`, true);
        }
        const key = JSON.stringify(progress) + state.message;
        if (key !== last) {
          last = key;
          await orders.updateTarget(order.id, worker, clusterName, {
            ...progress,
            message: state.message,
          });
        }
      }
      if (Date.now() > deadline) {
        return fail(
          `the rollout did not finish within ${Math.round(
            this.timing.rolloutTimeoutMs / 1000,
          )} s`,
          true,
        );
      }
      await observer.changed(clusterName, this.timing.pollMs);
    }
    return fail('stopped: this worker lost the order');
  }

  /**
   * What is left to apply in a cluster when an order is resumed. A worker that died after
   * its apply left the cluster `progressing`: everything is in place (`applied`). One that
   * died during the apply, or between the apply and recording it, left it `applying`: if
   * the cache shows the Deployment carrying this order's release (`look`), that apply
   * landed, and only the objects rendered after the Deployment may be missing. Either way
   * the Deployment is applied once per step, and its rollout is not started a second time.
   */
  private async resumeApply(
    mode: ResumeMode,
    objects: KubernetesObject[],
    deployment: {
      cluster: string;
      namespace: string;
      name: string;
      releaseId: string;
      orderId: string;
    },
  ): Promise<{
    objects: KubernetesObject[] | 'applied';
    applied: ApplyResult;
  }> {
    if (mode === 'applied') return { objects: 'applied', applied: {} };
    const { observer } = this.deps;
    if (mode === 'apply' || !observer.appliedDeployment) {
      return { objects, applied: {} };
    }
    const found = await observer.appliedDeployment({
      cluster: deployment.cluster,
      namespace: deployment.namespace,
      name: deployment.name,
      timeoutMs: this.timing.cacheSyncTimeoutMs,
    });
    const index = objects.findIndex(o => o.kind === 'Deployment');
    if (
      index < 0 ||
      found?.annotations[ANNOTATIONS.releaseId] !== deployment.releaseId ||
      found?.annotations[ANNOTATIONS.orderId] !== deployment.orderId
    ) {
      return { objects, applied: {} };
    }
    const rest = objects.slice(index + 1);
    return {
      objects: rest.length ? rest : 'applied',
      applied: { deploymentGeneration: found.generation },
    };
  }

  /** Puts the previous release back in the clusters this order changed. */
  private async rollBack(
    order: Order,
    worker: string,
    signal: AbortSignal,
    previous: Release,
    failed: ClusterOutcome[],
  ) {
    const { releases } = this.deps;
    const reason = `automatic rollback to release ${previous.revision}: ${failed
      .map(f => `${f.cluster}: ${f.message}`)
      .join('; ')}`;
    const rollback = await releases.append({
      serviceRef: order.serviceRef,
      environment: order.environment,
      spec: previous.spec,
      author: order.author,
      reason,
      orderId: order.id,
    });
    await this.finishRollBack(
      order,
      worker,
      signal,
      rollback,
      order.targets.map(t => ({ cluster: t.cluster, resume: 'apply' })),
    );
  }

  /** Rolls clusters out to the order's rollback release and ends the order rolled back. */
  private async finishRollBack(
    order: Order,
    worker: string,
    signal: AbortSignal,
    rollback: Release,
    targets: Array<{ cluster: string; resume: ResumeMode }>,
  ) {
    const { orders } = this.deps;
    // The rollback release follows the order's own release, which followed the one
    // the rollback restores.
    const restored = rollback.revision - 2;
    const outcomes = await Promise.all(
      targets.map(t =>
        this.rollOutCluster(
          order,
          worker,
          signal,
          rollback.spec as unknown as ReleaseSpec,
          rollback,
          t.cluster,
          { resume: t.resume },
        ),
      ),
    );
    for (const outcome of outcomes.filter(o => o.status === 'succeeded')) {
      await orders.updateTarget(order.id, worker, outcome.cluster, {
        status: 'rolled-back',
        message: `back on release ${restored}`,
      });
    }
    await orders.finish(order.id, worker, {
      status: 'rolled-back',
      releaseRevision: rollback.revision,
      error: rollback.reason,
    });
  }

  private backoff(attempt: number) {
    const { retryBaseMs, retryMaxMs } = this.timing;
    const capped = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1));
    // Full jitter keeps many retrying orders from hitting a recovering cluster at once.
    return capped / 2 + Math.random() * (capped / 2);
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  private sleep(ms: number, signal?: AbortSignal) {
    if (this.deps.sleep) return this.deps.sleep(ms, signal);
    return new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}
