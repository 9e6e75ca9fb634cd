import { z } from 'zod';
import { expectedMessage } from '../errors/describe';
import { strict } from './fields';

const fragment = (kind: string) =>
  z
    .record(z.string(), z.unknown(), {
      error: iss =>
        expectedMessage(`a map of Kubernetes ${kind} fields`, iss.input),
    })
    .describe(
      `Fields merged into the Kubernetes ${kind}; checked against the Kubernetes schema.`,
    );

/**
 * The escape hatch: any PodSpec or Container field, merged into what the
 * renderer builds. Checked against the official Kubernetes schema in
 * validate/kubernetesFragment.ts, so a typo is still caught.
 */
export const overridesSchema = strict(
  {
    pod: fragment('PodSpec').optional(),
    container: fragment('Container').optional(),
  },
  'overrides such as {pod: {nodeSelector: {disktype: ssd}}}',
  {
    keyHints: {
      spec: 'write pod',
      podspec: 'write pod',
      template: 'write pod',
      containers: 'write container: it applies to the service container',
      deployment: 'only pod and container fields can be overridden',
    },
  },
);
