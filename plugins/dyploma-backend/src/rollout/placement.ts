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

/** A cluster of an environment and its placement weight. */
export type WeightedCluster = { name: string; weight: number };

/**
 * Divides a service's replicas over an environment's clusters.
 *
 * `weighted` is Karmada's static-weight division: each cluster gets ⌊wᵢ·R/Σw⌋ and the
 * remainder goes one by one to the largest fractional parts (ties: the heavier cluster,
 * then the name), so the result is deterministic and sums to R exactly.
 * `every-cluster` runs the full count in each cluster.
 */
export function placeReplicas(
  replicas: number,
  clusters: WeightedCluster[],
  mode: 'weighted' | 'every-cluster',
): Record<string, number> {
  if (mode === 'every-cluster') {
    return Object.fromEntries(clusters.map(c => [c.name, replicas]));
  }
  const totalWeight = clusters.reduce((sum, c) => sum + c.weight, 0);
  if (totalWeight <= 0) {
    throw new Error(
      `cannot divide replicas: the clusters' weights (${clusters
        .map(c => `${c.name}=${c.weight}`)
        .join(', ')}) add up to 0`,
    );
  }
  const shares = clusters.map(c => {
    const exact = (c.weight * replicas) / totalWeight;
    return {
      ...c,
      count: Math.floor(exact),
      fraction: exact - Math.floor(exact),
    };
  });
  let remainder = replicas - shares.reduce((sum, s) => sum + s.count, 0);
  const order = [...shares].sort(
    (a, b) =>
      b.fraction - a.fraction ||
      b.weight - a.weight ||
      a.name.localeCompare(b.name),
  );
  for (const share of order) {
    if (remainder <= 0) break;
    share.count += 1;
    remainder -= 1;
  }
  return Object.fromEntries(shares.map(s => [s.name, s.count]));
}
