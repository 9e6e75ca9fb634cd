import { z } from 'zod';
import { strict } from './fields';
import { portSchema } from './ports';
import { tunableKeyHints, tunableShape } from './tunables';

/**
 * Platform defaults, read from app-config `dyploma.defaults`. Same shape as
 * the service's own settings, plus `port`, the port a service gets when its
 * model names none.
 */
export const platformDefaultsSchema = strict(
  { ...tunableShape, port: portSchema.optional() },
  'platform defaults such as {replicas: 2}',
  { keyHints: tunableKeyHints },
);

export type PlatformDefaults = z.infer<typeof platformDefaultsSchema>;

/**
 * What every service gets when neither app-config nor the model says
 * otherwise. Chosen to be safe rather than generous:
 * - a memory limit equal to the request (a pod never gets OOM-killed for
 *   using memory it was promised), no CPU limit (avoids CFS throttling);
 * - TCP checks, because an HTTP path the service does not serve would keep
 *   it unready forever; a startup check gives slow starters 5 minutes before
 *   liveness applies.
 */
export const BUILT_IN_DEFAULTS = {
  replicas: 1,
  port: { name: 'http', port: 8080, protocol: 'http' },
  resources: {
    requests: { cpu: '100m', memory: '256Mi' },
    limits: { memory: '256Mi' },
  },
  health: {
    readiness: {
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 3,
    },
    liveness: {
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 3,
    },
    startup: {
      initialDelaySeconds: 0,
      periodSeconds: 5,
      timeoutSeconds: 1,
      failureThreshold: 60,
    },
  },
  properties: { flavour: 'env', mountPath: '/etc/dyploma' },
  metrics: { enabled: true, path: '/metrics' },
  disruptionBudget: { maxUnavailable: 1 },
  autoscaling: { min: 1, cpu: 70 },
} as const satisfies PlatformDefaults;

/** File names per flavour when the model names none. */
export const DEFAULT_FILE_NAMES = {
  properties: 'application.properties',
  json: 'config.json',
  yaml: 'config.yaml',
} as const;
