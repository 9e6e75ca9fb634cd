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

import { placeReplicas } from './placement';

const three = [
  { name: 'dc1', weight: 1 },
  { name: 'dc2', weight: 1 },
  { name: 'dc3', weight: 1 },
];

describe('placeReplicas', () => {
  it('divides evenly when it can', () => {
    expect(placeReplicas(9, three, 'weighted')).toEqual({
      dc1: 3,
      dc2: 3,
      dc3: 3,
    });
  });

  it('gives the remainder to the largest fractions, ties by name, and always sums to the total', () => {
    expect(placeReplicas(10, three, 'weighted')).toEqual({
      dc1: 4,
      dc2: 3,
      dc3: 3,
    });
    expect(placeReplicas(2, three, 'weighted')).toEqual({
      dc1: 1,
      dc2: 1,
      dc3: 0,
    });
    const weighted = [
      { name: 'dc1', weight: 1 },
      { name: 'dc2', weight: 2 },
      { name: 'dc3', weight: 1 },
    ];
    // 9·¼ = 2.25, 9·½ = 4.5, 2.25 → 2, 4, 2 and the one left goes to dc2 (.5).
    expect(placeReplicas(9, weighted, 'weighted')).toEqual({
      dc1: 2,
      dc2: 5,
      dc3: 2,
    });
    for (let replicas = 0; replicas <= 50; replicas++) {
      const placed = placeReplicas(replicas, weighted, 'weighted');
      expect(Object.values(placed).reduce((a, b) => a + b, 0)).toBe(replicas);
    }
  });

  it('skips a cluster of weight 0 and refuses weights that add up to 0', () => {
    expect(
      placeReplicas(
        4,
        [
          { name: 'dc1', weight: 0 },
          { name: 'dc2', weight: 1 },
        ],
        'weighted',
      ),
    ).toEqual({ dc1: 0, dc2: 4 });
    expect(() =>
      placeReplicas(4, [{ name: 'dc1', weight: 0 }], 'weighted'),
    ).toThrow(
      "cannot divide replicas: the clusters' weights (dc1=0) add up to 0",
    );
  });

  it('runs the full count in every cluster when asked', () => {
    expect(placeReplicas(3, three, 'every-cluster')).toEqual({
      dc1: 3,
      dc2: 3,
      dc3: 3,
    });
  });
});
