import { z } from 'zod';
import { buildSchema } from './build';
import { cronJobsSchema } from './cronJobs';
import { environmentSchema } from './environment';
import { mapOf, strict, text } from './fields';
import { checkImageRepository } from './image';
import { checkDnsLabel } from './names';
import { portsSchema } from './ports';
import { tunableKeyHints, tunableShape } from './tunables';
import { checkLabelValue } from './values';

/**
 * The Dyploma service model, as written under `spec.dyploma` of a catalog
 * Component of type service. Only `image` is required.
 */
export const serviceModelSchema = strict(
  {
    image: text(
      'an image repository such as registry.example.com/payments',
      checkImageRepository,
    ).describe(
      'Image repository without tag; each release picks the version (tag).',
    ),
    build: buildSchema.optional(),
    ports: portsSchema.optional(),
    cronJobs: cronJobsSchema.optional(),
    costCentre: text('a cost centre such as cc-4711', checkLabelValue)
      .optional()
      .describe('Cost centre label on every object (default: the owner).'),
    ...tunableShape,
    environments: mapOf(
      environmentSchema,
      'a map of environment names to settings such as {production: {replicas: 3}}',
      key =>
        checkDnsLabel(key) === undefined
          ? undefined
          : `${JSON.stringify(key)} is not an environment name: ${checkDnsLabel(
              key,
            )}`,
      { max: 50 },
    )
      .optional()
      .describe(
        'Settings per environment; they override the service settings.',
      ),
  },
  'the service model, a map such as {image: registry.example.com/payments}',
  {
    hint: input =>
      typeof input === 'string'
        ? `write the image as a field: "dyploma: {image: ${input}}"`
        : undefined,
    keyHints: {
      ...tunableKeyHints,
      repository: 'write image',
      registry:
        'write image, the full repository such as registry.example.com/payments',
      cluster:
        'clusters are chosen per environment: environments.<name>.placement',
      clusters:
        'clusters are chosen per environment: environments.<name>.placement',
      placement:
        'placement is chosen per environment: environments.<name>.placement',
      crons: 'write cronJobs',
      jobs: 'write cronJobs',
      cron: 'write cronJobs',
      command:
        'the image decides what runs; to change it use overrides.container.command',
      args: 'the image decides what runs; to change it use overrides.container.args',
      endpoints: 'write ports',
      kind: 'write Dyploma fields, not a Kubernetes object; pod and container fields go under overrides',
      apiversion:
        'write Dyploma fields, not a Kubernetes object; pod and container fields go under overrides',
      spec: 'write Dyploma fields, not a Kubernetes object; pod and container fields go under overrides',
      costcenter: 'write costCentre',
    },
  },
);

/** The model as written by users (every field but image optional). */
export type ServiceModel = z.infer<typeof serviceModelSchema>;
export type EnvironmentSettings = z.infer<typeof environmentSchema>;
export type Port = NonNullable<ServiceModel['ports']>[number];
export type Probe = NonNullable<
  NonNullable<ServiceModel['health']>['readiness']
>;
export type CronJob = NonNullable<ServiceModel['cronJobs']>[number];
export type SecretRef = NonNullable<ServiceModel['secrets']>[number];
export type ResourceAmounts = NonNullable<
  NonNullable<ServiceModel['resources']>['requests']
>;
