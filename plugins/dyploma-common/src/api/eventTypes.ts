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

/** One Kubernetes Event about a service's Deployment, ReplicaSets, Pods or HPA. */
export type ServiceEvent = {
  cluster: string;
  datacenter: string;
  namespace: string;
  /** `Normal` or `Warning`. */
  type: string;
  /** CamelCase cause, e.g. `ScalingReplicaSet`, `BackOff`, `FailedScheduling`. */
  reason?: string;
  message?: string;
  /** The object the event is about. */
  involvedObject: { kind: string; name: string };
  /** How many times it happened between `firstTimestamp` and `lastTimestamp`. */
  count: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  /** The component that reported it (`kubelet`, `deployment-controller`...). */
  source?: string;
};

/** The answer of `GET .../environments/{env}/events`, newest first. */
export type ServiceEventList = {
  items: ServiceEvent[];
  /** Matching events before `limit` cut the list. */
  total: number;
  /** The clusters read, with how fresh their cache is (a down cluster's events are its last known). */
  clusters: Array<{
    cluster: string;
    datacenter: string;
    health: 'connecting' | 'connected' | 'degraded' | 'down';
    lastSeen?: string;
  }>;
};
