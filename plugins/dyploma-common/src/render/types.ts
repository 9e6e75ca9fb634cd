import type { EffectiveModel } from '../effective/types';

/** A Kubernetes object as plain JSON, ready for server-side apply. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** The runtime decision for this service in this environment and cluster. */
export interface RenderRelease {
  /** Image tag (`1.4.2`) or digest (`sha256:…`). */
  version: string;
  /**
   * Replicas for this cluster (the orchestrator divides an environment's
   * replicas over its clusters). Not written when an HPA owns replicas.
   */
  replicas: number;
  /** false scales the Deployment to 0, drops the HPA and suspends CronJobs. */
  enabled: boolean;
  /** Recorded as annotations, so `kubectl describe` says who ordered what. */
  releaseId?: string;
  orderId?: string;
  /** A rolling restart: set on the pod template, like `kubectl rollout restart`. */
  restartedAt?: string;
}

export interface RenderCluster {
  name: string;
  datacenter?: string;
}

export interface RenderEnvironment {
  name: string;
  /** Namespace of the service in this environment; chosen by the platform. */
  namespace: string;
  /** How public ports are reached; hosts default to `<service>.<domain>`. */
  ingress?: { domain?: string; className?: string };
}

export interface RenderInput {
  /** From resolveEffectiveModel, for the same environment. */
  model: EffectiveModel;
  release: RenderRelease;
  cluster: RenderCluster;
  environment: RenderEnvironment;
}

/** The field manager Dyploma applies with (server-side apply). */
export const FIELD_MANAGER = 'dyploma';
