import type { EffectiveModel, EffectiveProbe } from '../effective/types';
import type { ResourceAmounts } from '../model/serviceModel';
import { canonicalCpu, canonicalMemory } from '../model/quantity';
import { contentHash } from './hash';
import { ANNOTATIONS, Component, standardLabels } from './labels';
import { mergeOverrides } from './mergeOverrides';
import { propertiesFileContent } from './propertiesFile';
import { runtimeContractEnv, userEnv } from './runtimeContract';
import { imageReference } from './version';
import type { RenderInput } from './types';

/** Name of the ConfigMap holding the properties file. */
export function propertiesConfigMapName(model: EffectiveModel): string {
  return `${model.service.name}-properties`;
}

function amounts(a: ResourceAmounts): Record<string, string> {
  const out: Record<string, string> = {};
  if (a.cpu !== undefined) out.cpu = canonicalCpu(a.cpu);
  if (a.memory !== undefined) out.memory = canonicalMemory(a.memory);
  return out;
}

function renderResources(r: {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}) {
  const out: Record<string, Record<string, string>> = {};
  const requests = amounts(r.requests);
  const limits = amounts(r.limits);
  if (Object.keys(requests).length) out.requests = requests;
  if (Object.keys(limits).length) out.limits = limits;
  return out;
}

function renderProbe(probe: EffectiveProbe): Record<string, unknown> {
  const check: Record<string, unknown> = {};
  if (probe.type === 'http')
    check.httpGet = { path: probe.path, port: probe.port };
  else if (probe.type === 'tcp') check.tcpSocket = { port: probe.port };
  else check.exec = { command: probe.command };
  return {
    ...check,
    initialDelaySeconds: probe.initialDelaySeconds,
    periodSeconds: probe.periodSeconds,
    timeoutSeconds: probe.timeoutSeconds,
    failureThreshold: probe.failureThreshold,
  };
}

export interface PodOptions {
  component: Component;
  containerName: string;
  /** For cron jobs: the job's command, args and resources. */
  command?: string[];
  args?: string[];
  resources?: { requests: ResourceAmounts; limits: ResourceAmounts };
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  extraLabels?: Record<string, string>;
}

/**
 * The pod template shared by the Deployment and the cron jobs: one
 * container with the runtime contract, properties, secrets, probes (service
 * only) and the user's overrides merged in last.
 */
export function renderPodTemplate(input: RenderInput, options: PodOptions) {
  const { model, release, environment, cluster } = input;
  const isService = options.component === 'service';
  const volumes: Record<string, unknown>[] = [];
  const mounts: Record<string, unknown>[] = [];
  const envFrom: Record<string, unknown>[] = [];
  const annotations: Record<string, string> = {};

  const file = propertiesFileContent(model);
  if (file !== undefined) {
    volumes.push({
      name: 'properties',
      configMap: { name: propertiesConfigMapName(model) },
    });
    mounts.push({
      name: 'properties',
      mountPath: model.properties.mountPath,
      readOnly: true,
    });
    annotations[ANNOTATIONS.propertiesHash] = contentHash(file);
  }
  model.secrets.forEach((secret, i) => {
    if (secret.mountPath) {
      volumes.push({
        name: `secret-${i}`,
        secret: { secretName: secret.name },
      });
      mounts.push({
        name: `secret-${i}`,
        mountPath: secret.mountPath,
        readOnly: true,
      });
    } else if (!secret.env) {
      envFrom.push({ secretRef: { name: secret.name } });
    }
  });
  if (isService && model.metrics) {
    annotations[ANNOTATIONS.scrape] = 'true';
    annotations[ANNOTATIONS.scrapePort] = String(model.metrics.port);
    annotations[ANNOTATIONS.scrapePath] = model.metrics.path;
  }
  if (release.restartedAt)
    annotations[ANNOTATIONS.restartedAt] = release.restartedAt;

  const container: Record<string, unknown> = {
    name: options.containerName,
    image: imageReference(model.image, release.version),
  };
  if (options.command) container.command = options.command;
  if (options.args) container.args = options.args;
  if (isService && model.ports.length) {
    container.ports = model.ports.map(p => ({
      name: p.name,
      containerPort: p.port,
      protocol: p.protocol === 'udp' ? 'UDP' : 'TCP',
    }));
  }
  container.env = [
    ...runtimeContractEnv(model, release.version, environment, cluster),
    ...userEnv(model),
  ];
  if (envFrom.length) container.envFrom = envFrom;
  container.resources = renderResources(options.resources ?? model.resources);
  if (isService) {
    if (model.health.readiness)
      container.readinessProbe = renderProbe(model.health.readiness);
    if (model.health.liveness)
      container.livenessProbe = renderProbe(model.health.liveness);
    if (model.health.startup)
      container.startupProbe = renderProbe(model.health.startup);
  }
  if (mounts.length) container.volumeMounts = mounts;

  const spec: Record<string, unknown> = {
    // Service links would add a variable per Service in the namespace.
    enableServiceLinks: false,
    containers: [mergeOverrides(container, model.overrides.container)],
  };
  if (options.restartPolicy) spec.restartPolicy = options.restartPolicy;
  if (volumes.length) spec.volumes = volumes;

  const labels = {
    ...standardLabels(
      model,
      environment.name,
      release.version,
      options.component,
    ),
    ...(options.extraLabels ?? {}),
  };
  return {
    metadata: {
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: mergeOverrides(spec, model.overrides.pod),
  };
}
