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

import type { Entity } from '@backstage/catalog-model';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  parseQuantity,
  resolveEffectiveModel,
  validateServiceEntity,
  ValidationContext,
} from '@dyploma/plugin-dyploma-common';
import type { EnvironmentInfo } from '../clusters/topology';
import { placeReplicas } from '../rollout/placement';
import type { DemoService } from './demo';

const refOf = (ref: string | undefined, kind: string, namespace: string) =>
  ref
    ? stringifyEntityRef(
        parseEntityRef(ref, { defaultKind: kind, defaultNamespace: namespace }),
      )
    : undefined;

/**
 * What the demo catalog's services would run if each had been deployed to every
 * environment as its model says: the model's replicas for the environment, placed over the
 * environment's clusters as a first deploy places them, with the model's requests. Services
 * whose model is invalid are left out, as a deploy of them would be refused.
 */
export function demoServicesFromEntities(
  entities: Entity[],
  environments: Map<string, EnvironmentInfo>,
  context: ValidationContext,
): DemoService[] {
  const services: DemoService[] = [];
  for (const entity of entities) {
    const result = validateServiceEntity(entity, context);
    if (!result.ok || !result.hasModel) continue;
    const namespace = entity.metadata.namespace ?? 'default';
    const spec = entity.spec as { owner?: string; system?: string };
    const service: DemoService = {
      serviceRef: stringifyEntityRef(entity),
      ownerRef: refOf(spec.owner, 'group', namespace),
      systemRef: refOf(spec.system, 'system', namespace),
      deployments: [],
    };
    for (const env of environments.values()) {
      const { model } = resolveEffectiveModel({
        service: result.service,
        model: result.model,
        environment: env.name,
        defaults: context.defaults,
      });
      const requests = {
        cpuCores:
          parseQuantity(String(model.resources.requests.cpu ?? '0')) ?? 0,
        memoryBytes:
          parseQuantity(String(model.resources.requests.memory ?? '0')) ?? 0,
      };
      const placement = placeReplicas(
        model.replicas,
        env.clusters.map(c => ({
          name: c.name,
          weight: model.placement[c.name] ?? c.weight,
        })),
        env.placement,
      );
      for (const [cluster, replicas] of Object.entries(placement)) {
        if (replicas > 0) {
          service.deployments.push({
            environment: env.name,
            cluster,
            replicas,
            requests,
          });
        }
      }
    }
    if (service.deployments.length > 0) services.push(service);
  }
  return services;
}
