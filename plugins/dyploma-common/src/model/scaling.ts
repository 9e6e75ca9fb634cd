import { flag, mapOf, strict, textOrNumber, wholeNumber } from './fields';

/** int32 would allow 2^31-1; nobody runs that many pods of one service. */
export const MAX_REPLICAS = 500;

export const replicasSchema = wholeNumber(0, MAX_REPLICAS).describe(
  'Replicas for a first release. Later releases decide for themselves.',
);

const percent = (what: string) =>
  wholeNumber(1, 100, {
    expected: `a target ${what} use in percent, from 1 to 100`,
  });

/** Bounds for a HorizontalPodAutoscaler, per cluster. */
export const autoscalingSchema = strict(
  {
    enabled: flag().optional().describe('false turns autoscaling off here.'),
    min: wholeNumber(1, MAX_REPLICAS)
      .optional()
      .describe('Fewest replicas per cluster.'),
    max: wholeNumber(1, MAX_REPLICAS)
      .optional()
      .describe('Most replicas per cluster.'),
    cpu: percent('CPU')
      .optional()
      .describe('Target CPU use, percent of the request (default 70).'),
    memory: percent('memory')
      .optional()
      .describe('Target memory use, percent of the request.'),
  },
  'autoscaling bounds such as {min: 2, max: 10}',
  {
    keyHints: {
      minreplicas: 'write min',
      maxreplicas: 'write max',
      targetcpuutilizationpercentage: 'write cpu',
      targetcpu: 'write cpu',
      targetmemory: 'write memory',
      replicas: 'autoscaling decides the replicas between min and max',
    },
  },
);

function checkMaxUnavailable(value: string | number): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= MAX_REPLICAS
      ? undefined
      : `write a whole number of pods from 0 to ${MAX_REPLICAS}, or a percentage such as 25%`;
  }
  const m = /^(\d+)%$/.exec(value);
  if (m && Number(m[1]) <= 100) return undefined;
  if (/^\d+$/.test(value))
    return `write ${value} without quotes for a number of pods`;
  return 'write a percentage from 0% to 100%, or a whole number of pods';
}

export const disruptionBudgetSchema = strict(
  {
    maxUnavailable: textOrNumber(
      'a number of pods or a percentage such as 25%',
      checkMaxUnavailable,
    )
      .optional()
      .describe(
        'Pods that may be down at once during node maintenance (default 1).',
      ),
  },
  'a disruption budget such as {maxUnavailable: 1}',
  {
    keyHints: {
      minavailable:
        'write maxUnavailable: it keeps working when replicas change',
    },
  },
);

function checkClusterName(key: string): string | undefined {
  return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(key) && key.length <= 63
    ? undefined
    : `${JSON.stringify(
        key,
      )} is not a cluster name: use lowercase letters, digits and "-"`;
}

/** Relative weights of an environment's clusters: {dc1: 1, dc2: 2}. */
export const placementSchema = mapOf(
  wholeNumber(0, 100, { expected: 'a weight from 0 to 100' }),
  'a map of cluster names to weights such as {dc1: 1, dc2: 1}',
  checkClusterName,
  {
    max: 100,
    hint: input =>
      Array.isArray(input)
        ? `write a weight for each cluster, e.g. {${input
            .filter(x => typeof x === 'string')
            .map(x => `${x}: 1`)
            .join(', ')}}`
        : undefined,
  },
).describe(
  "Weights of the environment's clusters; replicas are divided by weight.",
);
