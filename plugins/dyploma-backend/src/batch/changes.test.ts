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

import type { V1Deployment } from '@kubernetes/client-node';
import { EnvironmentInfo } from '../clusters/topology';
import type { Order } from '../database/OrderStore';
import { corpusModel } from '../worker/__testUtils__/corpusModel';
import { planRelease } from '../worker/planRelease';
import {
  planChange,
  PlannedChange,
  ReleaseFacts,
  releaseFacts,
  scaledReplicas,
} from './changes';
import { deploymentStatus } from './WorkloadIndex';

const production: EnvironmentInfo = {
  name: 'production',
  clusters: [
    { name: 'dc1', weight: 1 },
    { name: 'dc2', weight: 1 },
    { name: 'dc3', weight: 2 },
  ],
  placement: 'weighted',
  waves: false,
  requireReason: true,
  autoRollback: false,
  namespace: '{service}',
} as EnvironmentInfo;

const current = {
  revision: 4,
  version: '1.4.2',
  replicas: 4,
  placement: { dc1: 1, dc2: 1, dc3: 2 },
  enabled: true,
};

describe('planChange', () => {
  it('doubles replicas per cluster with ×2', () => {
    expect(
      planChange({
        action: { kind: 'scale', factor: 2 },
        environment: production,
        current,
      }),
    ).toEqual({
      ok: true,
      order: { kind: 'scale', replicas: 8 },
      changes: [
        {
          cluster: 'dc1',
          field: 'replicas',
          from: 1,
          to: 2,
          text: 'replicas 1 → 2 in dc1',
        },
        {
          cluster: 'dc2',
          field: 'replicas',
          from: 1,
          to: 2,
          text: 'replicas 1 → 2 in dc2',
        },
        {
          cluster: 'dc3',
          field: 'replicas',
          from: 2,
          to: 4,
          text: 'replicas 2 → 4 in dc3',
        },
      ],
    });
  });

  it('disables to zero in every cluster, and enabling a running service changes nothing', () => {
    const disabled = planChange({
      action: { kind: 'disable' },
      environment: production,
      current,
    });
    expect(disabled.ok && disabled.changes.map(c => c.text)).toEqual([
      'replicas 1 → 0 in dc1',
      'replicas 1 → 0 in dc2',
      'replicas 2 → 0 in dc3',
    ]);
    const enabled = planChange({
      action: { kind: 'enable' },
      environment: production,
      current,
    });
    expect(enabled).toMatchObject({ ok: true, changes: [] });
  });

  it('rolls back to the previous release with its version and replicas', () => {
    const result = planChange({
      action: { kind: 'rollback' },
      environment: production,
      current,
      previous: { revision: 3, version: '1.4.1', replicas: 2, enabled: true },
    });
    expect(result).toMatchObject({
      ok: true,
      order: { kind: 'rollback', toRevision: 3 },
    });
    expect(result.ok && result.changes[0].text).toBe(
      'version 1.4.2 → 1.4.1 (release 4 → 3)',
    );
  });

  it('refuses what the order path would refuse, saying why', () => {
    expect(
      planChange({ action: { kind: 'restart' }, environment: production }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('no current release'),
    });
    expect(
      planChange({
        action: { kind: 'scale', replicas: 3 },
        environment: production,
        current: { ...current, autoscaling: { min: 2, max: 10 } },
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('autoscaled'),
    });
    expect(
      planChange({
        action: { kind: 'rollback' },
        environment: production,
        current,
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('nothing to roll back to'),
    });
  });

  it('rounds a factor, keeps a running service at one or more, and caps at 500', () => {
    expect(scaledReplicas(3, 0.5)).toBe(2);
    expect(scaledReplicas(1, 0.1)).toBe(1);
    expect(scaledReplicas(0, 3)).toBe(0);
    expect(scaledReplicas(300, 2)).toBe(500);
  });
});

describe('planChange for an autoscaled service', () => {
  const twoClusters = {
    ...production,
    clusters: [
      { name: 'dc1', weight: 1 },
      { name: 'dc2', weight: 1 },
    ],
  } as EnvironmentInfo;

  /** The release a deploy records, as the worker plans it (planRelease), then read back. */
  function deployed(
    environment: EnvironmentInfo,
    autoscaling?: { min: number; max: number; cpu: number },
  ): ReleaseFacts {
    const model = corpusModel('minimal', 'production');
    const planned = planRelease({
      order: {
        kind: 'deploy',
        params: { version: '2.0.0' },
        serviceRef: 'component:default/ledger',
        environment: environment.name,
      } as unknown as Order,
      model: autoscaling ? { ...model, autoscaling } : model,
      environment,
      now: new Date(),
    });
    return releaseFacts({
      revision: 2,
      spec: planned.spec as unknown as Record<string, unknown>,
    });
  }

  const texts = (planned: PlannedChange) =>
    planned.ok ? planned.changes.map(c => c.text) : planned.message;

  it.each([
    ['two', twoClusters, ['dc1', 'dc2']],
    ['three', production, ['dc1', 'dc2', 'dc3']],
  ])(
    'says what the HPA does in each of %s clusters',
    (_, environment, clusters) => {
      const autoscaled = deployed(environment, { min: 2, max: 6, cpu: 50 });
      // The release records the model's 1 replica, placed in one cluster only; the HPA
      // runs 2 to 6 in every cluster whatever that placement says.
      expect(
        Object.values(autoscaled.placement!).filter(n => n > 0),
      ).toHaveLength(1);
      const plan = (action: Parameters<typeof planChange>[0]['action']) =>
        texts(planChange({ action, environment, current: autoscaled }));

      expect(plan({ kind: 'restart' })).toEqual(
        clusters.map(
          c => `pods replaced one by one in ${c} (the HPA keeps 2 to 6)`,
        ),
      );
      expect(plan({ kind: 'disable' })).toEqual(
        clusters.map(c => `replicas 2–6 (HPA) → 0 in ${c}`),
      );
      expect(plan({ kind: 'enable' })).toEqual([]);
      expect(
        texts(
          planChange({
            action: { kind: 'enable' },
            environment,
            current: { ...autoscaled, enabled: false },
          }),
        ),
      ).toEqual(clusters.map(c => `replicas 0 → 2–6 (HPA) in ${c}`));

      // A scale is refused, as the order path refuses it: the model's bounds scale it.
      for (const action of [
        { kind: 'scale' as const, factor: 2 },
        { kind: 'scale' as const, replicas: 8 },
      ]) {
        expect(plan(action)).toBe(
          'autoscaled in production (2 to 6 replicas per cluster): the HPA decides replicas; change spec.dyploma.environments.production.autoscaling to scale it',
        );
      }
    },
  );

  it('rolls back between an autoscaled release and a fixed one, per cluster', () => {
    const autoscaled = deployed(production, { min: 2, max: 6, cpu: 50 });
    // 1.4.2 with 4 replicas placed 1, 1 and 2.
    const fixed = { ...current, revision: 1 };
    expect(
      texts(
        planChange({
          action: { kind: 'rollback' },
          environment: production,
          current: autoscaled,
          previous: fixed,
        }),
      ),
    ).toEqual([
      'version 2.0.0 → 1.4.2 (release 2 → 1)',
      'replicas 2–6 (HPA) → 1 in dc1',
      'replicas 2–6 (HPA) → 1 in dc2',
      'replicas 2–6 (HPA) → 2 in dc3',
    ]);
    expect(
      texts(
        planChange({
          action: { kind: 'rollback' },
          environment: production,
          current: { ...fixed, revision: 3 },
          previous: autoscaled,
        }),
      ),
    ).toEqual([
      'version 1.4.2 → 2.0.0 (release 3 → 2)',
      'replicas 1 → 2–6 (HPA) in dc1',
      'replicas 1 → 2–6 (HPA) in dc2',
      'replicas 2 → 2–6 (HPA) in dc3',
    ]);
  });

  it('counts a service without autoscaling by its placement, as before', () => {
    const fixed = deployed(twoClusters);
    expect(
      texts(
        planChange({
          action: { kind: 'restart' },
          environment: twoClusters,
          current: fixed,
        }),
      ),
    ).toEqual(['1 pod replaced one by one in dc1']);
  });
});

describe('deploymentStatus', () => {
  const deployment = (
    spec: number,
    status: Record<string, unknown>,
    generation = 1,
  ) =>
    ({
      metadata: { generation },
      spec: { replicas: spec },
      status: { observedGeneration: 1, ...status },
    } as unknown as V1Deployment);

  it('reads health as kubectl rollout status would', () => {
    expect(
      deploymentStatus(deployment(3, { updatedReplicas: 3, readyReplicas: 3 })),
    ).toBe('healthy');
    expect(
      deploymentStatus(deployment(3, { updatedReplicas: 1, readyReplicas: 3 })),
    ).toBe('progressing');
    expect(
      deploymentStatus(
        deployment(3, { updatedReplicas: 3, readyReplicas: 3 }, 2),
      ),
    ).toBe('progressing');
    expect(
      deploymentStatus(deployment(3, { updatedReplicas: 3, readyReplicas: 1 })),
    ).toBe('degraded');
    expect(deploymentStatus(deployment(0, {}))).toBe('disabled');
    expect(
      deploymentStatus(
        deployment(3, {
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
            },
          ],
        }),
      ),
    ).toBe('failed');
  });
});
