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
import { planChange, scaledReplicas } from './changes';
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
