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

import { JsonObject } from '@backstage/types';

/** One immutable runtime decision for a service in an environment. */
export type Release = {
  /** Global id, ever increasing. */
  id: string;
  serviceRef: string;
  environment: string;
  /** 1, 2, 3... per service and environment. */
  revision: number;
  /** Version, replicas and placement, resources, properties, enabled. */
  spec: JsonObject;
  author: string;
  reason?: string;
  orderId?: string;
  createdAt: Date;
};

export type NewRelease = Omit<Release, 'id' | 'revision' | 'createdAt'>;

/** A page of releases, newest first; pass `nextBefore` as `before` for the next page. */
export type ReleasePage = {
  items: Release[];
  nextBefore?: number;
};

/** Stores releases. Rows are appended, never updated. */
export interface ReleaseStore {
  /** Records a release as the next revision of its service and environment. */
  append(release: NewRelease): Promise<Release>;
  get(
    serviceRef: string,
    environment: string,
    revision: number,
  ): Promise<Release | undefined>;
  latest(serviceRef: string, environment: string): Promise<Release | undefined>;
  /**
   * The latest release of a service in each of `environments` that has one, by
   * environment, in one query: the status read needs every environment's at once.
   */
  latestPerEnvironment(
    serviceRef: string,
    environments: string[],
  ): Promise<Map<string, Release>>;
  list(
    serviceRef: string,
    environment: string,
    options?: { limit?: number; before?: number },
  ): Promise<ReleasePage>;
}
