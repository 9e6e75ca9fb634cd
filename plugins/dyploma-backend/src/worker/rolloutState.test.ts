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

import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { evaluateRollout } from './rolloutState';

function deployment(
  status: V1Deployment['status'],
  { replicas = 3, generation = 2 } = {},
): V1Deployment {
  return {
    metadata: { name: 'payments', generation },
    spec: { replicas } as any,
    status,
  };
}

function pod(name: string, waiting?: string, restartCount = 0): V1Pod {
  return {
    metadata: { name },
    status: {
      containerStatuses: [
        {
          name: 'payments',
          image: 'registry.example.com/payments:2.0.0',
          imageID: '',
          ready: !waiting,
          restartCount,
          state: waiting ? { waiting: { reason: waiting } } : { running: {} },
        },
      ],
    },
  };
}

describe('evaluateRollout', () => {
  it('is complete only when the new spec was observed and every replica is updated and available', () => {
    const done = {
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    };
    expect(evaluateRollout(deployment(done), [])).toEqual({
      phase: 'complete',
      desired: 3,
      updated: 3,
      ready: 3,
      available: 3,
    });
    // The controller has not seen generation 2 yet: the old status says nothing.
    expect(
      evaluateRollout(deployment({ ...done, observedGeneration: 1 }), []),
    ).toMatchObject({
      phase: 'progressing',
      message: 'waiting for the Deployment controller to see the new spec',
    });
    expect(
      evaluateRollout(
        deployment({
          ...done,
          updatedReplicas: 1,
          availableReplicas: 3,
          replicas: 4,
        }),
        [],
      ),
    ).toMatchObject({
      phase: 'progressing',
      updated: 1,
      message: '1 of 3 pods updated',
    });
    expect(
      evaluateRollout(deployment({ ...done, replicas: 4 }), []),
    ).toMatchObject({
      phase: 'progressing',
      message: '1 old pod terminating',
    });
  });

  it("fails on the progress deadline, with the controller's message", () => {
    const state = evaluateRollout(
      deployment({
        observedGeneration: 2,
        replicas: 4,
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "payments-7c9d" has timed out progressing.',
          },
        ],
      }),
      [],
    );
    expect(state).toMatchObject({
      phase: 'failed',
      reason: 'ProgressDeadlineExceeded',
      message: 'ReplicaSet "payments-7c9d" has timed out progressing.',
    });
  });

  it('fails early when a new pod crash-loops or cannot pull its image, not on the first restart', () => {
    const status = { observedGeneration: 2, replicas: 4, updatedReplicas: 1 };
    expect(
      evaluateRollout(deployment(status), [
        pod('payments-a', 'CrashLoopBackOff', 1),
      ]),
    ).toMatchObject({
      phase: 'progressing',
    });
    expect(
      evaluateRollout(deployment(status), [
        pod('payments-a', 'CrashLoopBackOff', 2),
      ]),
    ).toMatchObject({
      phase: 'failed',
      reason: 'CrashLoopBackOff',
      message: 'pod payments-a: container payments keeps crashing (2 restarts)',
    });
    expect(
      evaluateRollout(deployment(status), [
        pod('payments-b', 'ImagePullBackOff'),
      ]),
    ).toMatchObject({
      phase: 'failed',
      reason: 'ImagePullBackOff',
      message:
        'pod payments-b: cannot pull image registry.example.com/payments:2.0.0',
    });
  });
});
