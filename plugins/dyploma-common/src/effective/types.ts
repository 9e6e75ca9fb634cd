import type { PropertyFlavour } from '../model/properties';
import type { ResourceAmounts, SecretRef } from '../model/serviceModel';

/** Where a value of the effective model came from. */
export type ValueSource = 'default' | 'service' | 'environment';

export interface Provenance {
  source: ValueSource;
  /**
   * The exact place, for the UI's "why is my memory 512Mi?":
   * `spec.dyploma.environments.production.resources.limits.memory`,
   * `app-config dyploma.defaults.replicas`, `built-in default`, or a
   * sentence for derived values (`the first port, http (8080)`).
   */
  from: string;
}

/** Who the service is, from its catalog entity. */
export interface ServiceIdentity {
  /** metadata.name of the Component; names every Kubernetes object. */
  name: string;
  /** spec.owner, e.g. `group:default/team-payments` or `team-payments`. */
  owner?: string;
  /** spec.system, if any; used as `app.kubernetes.io/part-of`. */
  system?: string;
}

export interface EffectivePort {
  name: string;
  port: number;
  protocol: 'http' | 'grpc' | 'tcp' | 'udp';
  public: boolean;
  /** Ingress path prefix; set for public ports only. */
  path?: string;
  host?: string;
}

export interface EffectiveProbe {
  type: 'http' | 'tcp' | 'exec';
  /** Resolved port number; undefined when a named port does not exist. */
  port?: number;
  path?: string;
  command?: string[];
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

export interface EffectiveCronJob {
  name: string;
  schedule: string;
  command: string[];
  args?: string[];
  timeZone?: string;
  concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  enabled: boolean;
  backoffLimit: number;
  resources: { requests: ResourceAmounts; limits: ResourceAmounts };
}

/**
 * Everything the renderer needs for one service in one environment, with
 * every default applied. Runtime decisions (version, replicas of a release,
 * enabled) are not here: they come with the release.
 */
export interface EffectiveModel {
  service: ServiceIdentity & { costCentre?: string };
  /** Undefined when resolved without an environment (service level only). */
  environment?: string;
  image: string;
  build: {
    context: string;
    dockerfile: string;
    target?: string;
    args: Record<string, string>;
    parameters: Record<string, string>;
  };
  ports: EffectivePort[];
  health: {
    readiness?: EffectiveProbe;
    liveness?: EffectiveProbe;
    startup?: EffectiveProbe;
  };
  resources: { requests: ResourceAmounts; limits: ResourceAmounts };
  properties: {
    flavour: PropertyFlavour;
    /** Set for the file flavours. */
    fileName?: string;
    mountPath: string;
    /** Sorted by name; typed as written (files keep numbers and booleans). */
    values: Record<string, string | number | boolean>;
  };
  secrets: SecretRef[];
  /** Undefined when metrics are off or there is no HTTP port to scrape. */
  metrics?: { port: number; path: string };
  /** Replicas for a first release in this environment. */
  replicas: number;
  /** Cluster weights in this environment; empty when the model says none. */
  placement: Record<string, number>;
  /** Set when autoscaling is on; bounds are per cluster. */
  autoscaling?: { min: number; max: number; cpu?: number; memory?: number };
  disruptionBudget: { maxUnavailable: number | string };
  cronJobs: EffectiveCronJob[];
  overrides: {
    pod: Record<string, unknown>;
    container: Record<string, unknown>;
  };
}

/** The effective model and, per value path, where each value came from. */
export interface EffectiveResult {
  model: EffectiveModel;
  /** Keyed by path in the effective model, e.g. `resources.limits.memory`. */
  provenance: Record<string, Provenance>;
}
