import { strict, textOrNumber } from './fields';
import { checkCpu, checkMemory } from './quantity';

export const cpuSchema = textOrNumber(
  'a CPU amount such as 500m or 2',
  checkCpu,
);
export const memorySchema = textOrNumber(
  'a memory size such as 512Mi or 2Gi',
  checkMemory,
);

const amounts = (what: string) =>
  strict(
    { cpu: cpuSchema.optional(), memory: memorySchema.optional() },
    `${what} such as {cpu: 500m, memory: 512Mi}`,
    {
      keyHints: {
        mem: 'write memory',
        ram: 'write memory',
        cores: 'write cpu',
        cpus: 'write cpu',
      },
    },
  );

export const resourcesSchema = strict(
  {
    requests: amounts('the reserved CPU and memory')
      .optional()
      .describe('What the scheduler reserves for each pod.'),
    limits: amounts('the most CPU and memory a pod may use')
      .optional()
      .describe(
        'The most a pod may use; over the memory limit a pod is killed.',
      ),
  },
  'requests and limits such as {requests: {memory: 512Mi}}',
  {
    keyHints: {
      cpu: 'put cpu under resources.requests or resources.limits',
      memory: 'put memory under resources.requests or resources.limits',
      request: 'write requests',
      limit: 'write limits',
    },
  },
);
