/** A CPU amount ("500m", "2") or memory size ("512Mi", "2Gi"). */
type Quantity = string | number;

/** A health check; see spec.dyploma.health in the README. */
interface Probe {
  /** false turns this check off. */
  enabled?: boolean;
  /** HTTP path; without path or command the check is a TCP connect. */
  path?: string;
  /** Port name or number (default: the first port). */
  port?: string | number;
  command?: string[];
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface Config {
  dyploma?: {
    /**
     * Platform defaults for every service model. Same fields as the
     * service-level settings of `spec.dyploma`; a service overrides them, and
     * each environment of a service overrides the service. Unknown keys and
     * bad values stop the backend at start-up with the field path.
     */
    defaults?: {
      /** Replicas of a first release (built-in default 1). */
      replicas?: number;
      /** The port of a service whose model names none (built-in: http 8080). */
      port?: {
        name?: string;
        port: number;
        /** http, grpc, tcp or udp. */
        protocol?: string;
        public?: boolean;
        path?: string;
        host?: string;
      };
      /** Built-in: requests cpu 100m / memory 256Mi, limit memory 256Mi. */
      resources?: {
        requests?: { cpu?: Quantity; memory?: Quantity };
        limits?: { cpu?: Quantity; memory?: Quantity };
      };
      health?: { readiness?: Probe; liveness?: Probe; startup?: Probe };
      properties?: {
        /** env, properties, json or yaml (built-in env). */
        flavour?: string;
        fileName?: string;
        /** Directory of the properties file (built-in /etc/dyploma). */
        mountPath?: string;
        values?: { [name: string]: string | number | boolean };
      };
      /** Prometheus scrape annotations (built-in: on, path /metrics). */
      metrics?: { enabled?: boolean; port?: string | number; path?: string };
      /** Built-in: maxUnavailable 1. */
      disruptionBudget?: { maxUnavailable?: number | string };
      /** Autoscaling is on for a service when max is set (built-in: min 1, cpu 70). */
      autoscaling?: {
        enabled?: boolean;
        min?: number;
        max?: number;
        cpu?: number;
        memory?: number;
      };
      /** Secrets every service reads, by name. */
      secrets?: Array<{
        name: string;
        env?: { [variable: string]: string };
        mountPath?: string;
      }>;
      /** PodSpec and Container fields for every service, e.g. a securityContext. */
      overrides?: {
        pod?: { [field: string]: unknown };
        container?: { [field: string]: unknown };
      };
    };
    /**
     * Image repository prefixes a service may use, e.g.
     * `registry.example.com` or `ghcr.io/acme`. Empty or absent allows all.
     * @visibility frontend
     */
    allowedRegistries?: string[];
    /** How the catalog module treats entities with an invalid model. */
    catalog?: {
      /**
       * `reject` (default): processing errors; the catalog does not publish
       * the entity until its model is valid (an entity that breaks later keeps
       * its last good version, with the errors on its page) and
       * `POST /api/catalog/validate-entity` answers 400.
       * `publish`: publish the entity with the errors as processing-error
       * status items, so a service whose model was never valid shows what is
       * wrong on its page; validate-entity then answers 200.
       */
      invalidModels?: 'reject' | 'publish';
    };
  };
}
