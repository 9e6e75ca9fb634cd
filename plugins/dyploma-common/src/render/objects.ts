import { ANNOTATIONS, LABELS, selectorLabels, standardLabels } from './labels';
import { propertiesFileContent } from './propertiesFile';
import { propertiesConfigMapName, renderPodTemplate } from './podTemplate';
import type { KubernetesObject, RenderInput } from './types';

/*
 * One function per Kubernetes object. Key order is fixed by construction,
 * which is what makes the output byte-identical for the same input.
 */

function metadata(
  input: RenderInput,
  name: string,
  annotations?: Record<string, string>,
) {
  return {
    name,
    namespace: input.environment.namespace,
    labels: standardLabels(
      input.model,
      input.environment.name,
      input.release.version,
      'service',
    ),
    ...(annotations && Object.keys(annotations).length ? { annotations } : {}),
  };
}

function orderAnnotations(input: RenderInput): Record<string, string> {
  const a: Record<string, string> = {
    [ANNOTATIONS.cluster]: input.cluster.name,
  };
  if (input.release.releaseId)
    a[ANNOTATIONS.releaseId] = input.release.releaseId;
  if (input.release.orderId) a[ANNOTATIONS.orderId] = input.release.orderId;
  return a;
}

/** True when an HPA decides the replicas, so the Deployment must not. */
export function hasAutoscaler(input: RenderInput): boolean {
  return Boolean(input.model.autoscaling && input.release.enabled);
}

export function renderConfigMap(
  input: RenderInput,
): KubernetesObject | undefined {
  const content = propertiesFileContent(input.model);
  if (content === undefined) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(input, propertiesConfigMapName(input.model)),
    data: { [input.model.properties.fileName!]: content },
  };
}

export function renderDeployment(input: RenderInput): KubernetesObject {
  const { model, release } = input;
  const spec: Record<string, unknown> = {};
  // Never write replicas while an HPA owns them (see ANCHORS: karmada#386).
  if (!hasAutoscaler(input))
    spec.replicas = release.enabled ? release.replicas : 0;
  spec.revisionHistoryLimit = 10;
  spec.selector = { matchLabels: selectorLabels(model) };
  spec.template = renderPodTemplate(input, {
    component: 'service',
    containerName: model.service.name,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(input, model.service.name, orderAnnotations(input)),
    spec,
  };
}

export function renderService(
  input: RenderInput,
): KubernetesObject | undefined {
  const { model } = input;
  if (model.ports.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(input, model.service.name),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(model),
      ports: model.ports.map(p => ({
        name: p.name,
        port: p.port,
        targetPort: p.name,
        protocol: p.protocol === 'udp' ? 'UDP' : 'TCP',
        ...(p.protocol === 'http' || p.protocol === 'grpc'
          ? { appProtocol: p.protocol }
          : {}),
      })),
    },
  };
}

export function renderIngress(
  input: RenderInput,
): KubernetesObject | undefined {
  const { model, environment } = input;
  const publicPorts = model.ports.filter(p => p.public);
  if (publicPorts.length === 0) return undefined;
  const defaultHost = environment.ingress?.domain
    ? `${model.service.name}.${environment.ingress.domain}`
    : undefined;
  const rules: Array<{ host?: string; http: { paths: unknown[] } }> = [];
  for (const port of publicPorts) {
    const host = port.host ?? defaultHost;
    let rule = rules.find(r => r.host === host);
    if (!rule) {
      rule = { ...(host ? { host } : {}), http: { paths: [] } };
      rules.push(rule);
    }
    rule.http.paths.push({
      path: port.path ?? '/',
      pathType: 'Prefix',
      backend: {
        service: { name: model.service.name, port: { name: port.name } },
      },
    });
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: metadata(input, model.service.name),
    spec: {
      ...(environment.ingress?.className
        ? { ingressClassName: environment.ingress.className }
        : {}),
      rules,
    },
  };
}

export function renderDisruptionBudget(input: RenderInput): KubernetesObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(input, input.model.service.name),
    spec: {
      maxUnavailable: input.model.disruptionBudget.maxUnavailable,
      selector: { matchLabels: selectorLabels(input.model) },
    },
  };
}

export function renderAutoscaler(
  input: RenderInput,
): KubernetesObject | undefined {
  const a = input.model.autoscaling;
  if (!a || !hasAutoscaler(input)) return undefined;
  const metric = (name: 'cpu' | 'memory', target: number) => ({
    type: 'Resource',
    resource: {
      name,
      target: { type: 'Utilization', averageUtilization: target },
    },
  });
  const metrics = [];
  if (a.cpu !== undefined) metrics.push(metric('cpu', a.cpu));
  if (a.memory !== undefined) metrics.push(metric('memory', a.memory));
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(input, input.model.service.name),
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: input.model.service.name,
      },
      minReplicas: a.min,
      maxReplicas: Math.max(a.min, a.max),
      metrics,
    },
  };
}

export function renderCronJobs(input: RenderInput): KubernetesObject[] {
  const { model, release, environment } = input;
  return [...model.cronJobs]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map(job => {
      const name = `${model.service.name}-${job.name}`;
      const extraLabels = { [LABELS.cronJob]: job.name };
      const labels = {
        ...standardLabels(model, environment.name, release.version, 'cron-job'),
        ...extraLabels,
      };
      const template = renderPodTemplate(input, {
        component: 'cron-job',
        containerName: job.name,
        command: job.command,
        args: job.args,
        resources: job.resources,
        restartPolicy: 'Never',
        extraLabels,
      });
      return {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: {
          name,
          namespace: environment.namespace,
          labels,
          annotations: orderAnnotations(input),
        },
        spec: {
          schedule: job.schedule,
          ...(job.timeZone ? { timeZone: job.timeZone } : {}),
          concurrencyPolicy: job.concurrencyPolicy,
          suspend: !(job.enabled && release.enabled),
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 1,
          jobTemplate: {
            metadata: { labels: { ...labels } },
            spec: { backoffLimit: job.backoffLimit, template },
          },
        },
      };
    });
}
