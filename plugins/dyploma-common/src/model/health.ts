import { flag, listOf, strict, text, wholeNumber } from './fields';
import { checkAbsolutePath } from './names';
import { portRef } from './values';

const seconds = (min: number) =>
  wholeNumber(min, 3600, {
    expected: `a number of seconds from ${min} to 3600`,
  });

/**
 * One health check. With `path` it is an HTTP GET, with `command` it runs
 * in the container, otherwise it opens a TCP connection to the port.
 */
export const probeSchema = strict(
  {
    enabled: flag().optional().describe('false turns this check off.'),
    path: text('an HTTP path such as /ready', checkAbsolutePath)
      .optional()
      .describe('HTTP path to GET; any 2xx or 3xx answer is healthy.'),
    port: portRef()
      .optional()
      .describe('Port name or number; defaults to the first port.'),
    command: listOf(
      text('a word of the command'),
      'a command as a list of words such as [cat, /tmp/ready]',
      {
        max: 20,
      },
    )
      .optional()
      .describe('Command run in the container; exit code 0 is healthy.'),
    initialDelaySeconds: seconds(0).optional(),
    periodSeconds: seconds(1).optional(),
    timeoutSeconds: seconds(1).optional(),
    failureThreshold: wholeNumber(1, 1000)
      .optional()
      .describe('Failed checks in a row before the pod counts as unhealthy.'),
  },
  'a health check such as {path: /ready}',
  {
    keyHints: {
      httpget:
        'write path (and port): the platform builds the Kubernetes probe',
      tcpsocket: 'a check without path or command is a TCP check',
      exec: 'write command',
      url: 'write path',
      endpoint: 'write path',
      initialdelay: 'write initialDelaySeconds',
      period: 'write periodSeconds',
      interval: 'write periodSeconds',
      timeout: 'write timeoutSeconds',
      retries: 'write failureThreshold',
    },
  },
);

export const healthSchema = strict(
  {
    readiness: probeSchema
      .optional()
      .describe(
        'When a pod may take traffic. Default: TCP check on the first port.',
      ),
    liveness: probeSchema
      .optional()
      .describe(
        'When a pod is restarted. Default: TCP check on the first port.',
      ),
    startup: probeSchema
      .optional()
      .describe('Holds the other checks back while the service starts.'),
  },
  'health checks such as {readiness: {path: /ready}}',
  {
    keyHints: {
      readinessprobe: 'write readiness',
      livenessprobe: 'write liveness',
      startupprobe: 'write startup',
      ready: 'write readiness',
      live: 'write liveness',
      alive: 'write liveness',
    },
  },
);
