/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import {
  type KubernetesObject,
  renderManifests,
  type RenderRelease,
  resolveEffectiveModel,
  validateServiceEntity,
} from '@dyploma/plugin-dyploma-common';
import {
  CORPUS_CONTEXT,
  GOOD_MODELS,
  parseCatalogEntity,
} from '@dyploma/plugin-dyploma-common/testUtils';
import * as k8s from '@kubernetes/client-node';
import { ClusterInfo, DEFAULT_PRICING } from '../clusters/topology';
import { applyObjects, createObjectApi, deleteObjects } from './applyObjects';
import { classifyKubeError, KubeApplyError } from './errors';
import { HANDOVER_MANAGER } from './replicasHandover';

// client-node is ESM-only; Jest runs CommonJS without VM modules, so the lazy
// import is replaced by Jest's own (transpiling) require.
jest.mock('../fleet/clientNode', () => ({
  loadClientNode: async () => require('@kubernetes/client-node'),
}));

jest.setTimeout(30_000);

const ENVIRONMENT = 'production';

/** A representative service rendered for production on `cluster`. */
function render(
  name: string,
  cluster: string,
  release: Partial<RenderRelease> = {},
): KubernetesObject[] {
  const good = GOOD_MODELS.find(g => g.name === name)!;
  const result = validateServiceEntity(
    parseCatalogEntity(good.entity),
    CORPUS_CONTEXT,
  );
  if (!result.ok || !result.hasModel) throw new Error(`${name} is invalid`);
  const { model } = resolveEffectiveModel({
    service: result.service,
    model: result.model,
    environment: ENVIRONMENT,
  });
  return renderManifests({
    model,
    release: {
      version: '1.4.2',
      replicas: 2,
      enabled: true,
      releaseId: 'rel-1',
      orderId: 'ord-1',
      ...release,
    },
    cluster: { name: cluster, datacenter: `${cluster}-dc` },
    environment: {
      name: ENVIRONMENT,
      namespace: `${model.service.name}-${ENVIRONMENT}`,
      ingress: { domain: 'example.com', className: 'nginx' },
    },
  });
}

const infoOf = (sim: KubeSim, name: string): ClusterInfo => {
  const c = sim.clusters.find(x => x.name === name)!;
  return {
    name: c.name,
    datacenter: `${c.name}-dc`,
    url: c.url,
    serviceAccountToken: c.token,
    caData: c.caData,
    skipTLSVerify: false,
    pricing: DEFAULT_PRICING,
  };
};

const controlOf =
  (sim: KubeSim) => async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.controlUrl}/control/v1${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status).toBe(200);
    return res.json();
  };

type Count = { verb: string; resource: string; count: number };

/** kube-sim's request counters as `verb resource → count`. */
const countsOf = ({ requests }: { requests: Count[] }) =>
  Object.fromEntries(
    requests.map(c => [`${c.verb} ${c.resource}`, c.count] as const),
  );

const PLURALS: Record<string, string> = {
  ConfigMap: 'configmaps',
  Service: 'services',
  Deployment: 'deployments',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  PodDisruptionBudget: 'poddisruptionbudgets',
  Ingress: 'ingresses',
  CronJob: 'cronjobs',
};

describe('applyObjects on a pure API store: idempotent, one PATCH per object', () => {
  let sim: KubeSim;
  let control: ReturnType<typeof controlOf>;

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['dc1'],
      port: 0,
      controllers: false,
    });
    control = controlOf(sim);
  });
  afterAll(() => sim.stop());

  it.each(GOOD_MODELS.map(g => [g.name] as const))(
    '%s: the second apply of the same input changes nothing',
    async name => {
      const objects = render(name, 'dc1');
      const connection = { cluster: infoOf(sim, 'dc1') };
      await control('DELETE', '/clusters/dc1/requests');

      const first = await applyObjects(connection, objects);
      expect(first.namespacesCreated).toEqual([objects[0].metadata.namespace]);
      expect(first.objects.map(o => [o.kind, o.name, o.created])).toEqual(
        objects.map(o => [o.kind, o.metadata.name, true]),
      );
      const afterFirst = countsOf(
        await control('GET', '/clusters/dc1/requests'),
      );

      await control('DELETE', '/clusters/dc1/requests');
      const storeRv = sim.cluster('dc1').store.resourceVersion;
      const second = await applyObjects(connection, objects);
      const afterSecond = countsOf(
        await control('GET', '/clusters/dc1/requests'),
      );

      // Same generation and same resourceVersion for every object.
      expect(second.namespacesCreated).toEqual([]);
      for (const [i, o] of second.objects.entries()) {
        expect(o).toMatchObject({
          created: false,
          changed: false,
          resourceVersionBefore: first.objects[i].resourceVersionAfter,
          resourceVersionAfter: first.objects[i].resourceVersionAfter,
          generationAfter: first.objects[i].generationAfter,
        });
      }
      // Nothing at all was written: the cluster's version did not move.
      expect(sim.cluster('dc1').store.resourceVersion).toBe(storeRv);

      // Exactly one PATCH (server-side apply) per object per apply, and no
      // other write; the first apply also created the namespace.
      const applies = (counts: Record<string, number>) =>
        Object.fromEntries(
          Object.entries(counts).filter(([k]) => !k.startsWith('get ')),
        );
      const expected: Record<string, number> = {};
      for (const o of objects) {
        const key = `apply ${PLURALS[o.kind]}`;
        expected[key] = (expected[key] ?? 0) + 1;
      }
      expect(applies(afterSecond)).toEqual(expected);
      expect(applies(afterFirst)).toEqual({
        ...expected,
        'apply namespaces': 1,
      });
    },
  );
});

describe('applyObjects and deleteObjects on a running cluster', () => {
  let sim: KubeSim;
  let control: ReturnType<typeof controlOf>;
  let client: k8s.KubernetesObjectApi;

  beforeAll(async () => {
    sim = await startKubeSim({ clusters: ['dc1'], port: 0, timeScale: 100 });
    control = controlOf(sim);
    client = await createObjectApi({ cluster: infoOf(sim, 'dc1') });
    // The rich service asks for SSD nodes.
    for (const name of sim.cluster('dc1').nodeNames()) {
      await client.patch(
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name, labels: { disktype: 'ssd' } },
        },
        undefined,
        undefined,
        'test',
        undefined,
        k8s.PatchStrategy.MergePatch,
      );
    }
  });
  afterAll(() => sim.stop());

  const readDeployment = (namespace: string, name: string) =>
    client.read<k8s.V1Deployment>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
    });

  /** kubectl rollout status's test: the rollout is complete. */
  const available = (d: k8s.V1Deployment) =>
    (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
    d.status?.updatedReplicas === d.spec?.replicas &&
    d.status?.replicas === d.spec?.replicas &&
    d.status?.availableReplicas === d.spec?.replicas &&
    (d.spec?.replicas ?? 0) > 0;

  const waitAvailable = async (
    namespace: string,
    name: string,
    minReplicas = 1,
  ) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const d = await readDeployment(namespace, name);
      if (available(d) && d.spec!.replicas! >= minReplicas) return d;
      if (Date.now() > deadline) {
        throw new Error(
          `${namespace}/${name} not available: ${JSON.stringify(d.status)}`,
        );
      }
      await new Promise(r => setTimeout(r, 50));
    }
  };

  it.each(GOOD_MODELS.map(g => [g.name] as const))(
    '%s: every object is accepted and the Deployment becomes available',
    async name => {
      const objects = render(name, 'dc1');
      const result = await applyObjects(
        { cluster: infoOf(sim, 'dc1'), client },
        objects,
      );
      expect(result.objects).toHaveLength(objects.length);
      expect(result.objects.every(o => o.resourceVersionAfter)).toBe(true);
      const deployment = objects.find(o => o.kind === 'Deployment')!;
      // With an HPA, wait until it has scaled to its minimum as well, so
      // the HPA does not write while the second apply runs.
      const hpa = objects.find(o => o.kind === 'HorizontalPodAutoscaler');
      const d = await waitAvailable(
        deployment.metadata.namespace,
        deployment.metadata.name,
        (hpa?.spec as { minReplicas?: number } | undefined)?.minReplicas,
      );
      expect(d.status?.availableReplicas).toBeGreaterThan(0);

      // Applied again once running: our apply changes nothing (controllers
      // may have written in between — the HPA scales — but not this apply).
      const again = await applyObjects(
        { cluster: infoOf(sim, 'dc1'), client },
        objects,
      );
      for (const o of again.objects) {
        // The HPA controller writes the HPA's status on its own schedule; on a busy
        // machine such a write can land between our read and our apply and move the
        // resourceVersion. The generation (bumped only by spec changes) still shows
        // whether our apply changed it.
        const statusWrittenByController = o.kind === 'HorizontalPodAutoscaler';
        expect([
          o.kind,
          statusWrittenByController ? false : o.changed,
          o.generationAfter,
        ]).toEqual([o.kind, false, o.generationBefore]);
      }
    },
  );

  it('deletes what the release no longer renders, and nothing else', async () => {
    const withHpa = render('rich', 'dc1');
    expect(withHpa.map(o => o.kind)).toContain('HorizontalPodAutoscaler');
    const ns = withHpa[0].metadata.namespace;
    const cluster = infoOf(sim, 'dc1');
    await applyObjects({ cluster, client }, withHpa);
    // Not Dyploma's, or another service's: never touched.
    const foreign = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'hand-made',
        namespace: ns,
        labels: { 'app.kubernetes.io/name': 'checkout' },
      },
      data: {},
    };
    const otherService = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'other',
        namespace: ns,
        labels: {
          'app.kubernetes.io/name': 'other',
          'app.kubernetes.io/managed-by': 'dyploma',
        },
      },
      data: {},
    };
    for (const o of [foreign, otherService]) {
      await client.patch(
        o,
        undefined,
        undefined,
        'test',
        true,
        k8s.PatchStrategy.ServerSideApply,
      );
    }

    // Disabled: no HPA; and the cron job is dropped from the model.
    const disabled = render('rich', 'dc1', { enabled: false }).filter(
      o => o.kind !== 'CronJob',
    );
    expect(disabled.map(o => o.kind)).not.toContain('HorizontalPodAutoscaler');
    await applyObjects({ cluster, client }, disabled);
    const deleted = await deleteObjects(
      { cluster, client },
      {
        namespace: ns,
        service: 'checkout',
        environment: ENVIRONMENT,
        keep: disabled,
      },
    );
    expect(deleted.map(d => `${d.kind}/${d.name}`).sort()).toEqual([
      'CronJob/checkout-expire-carts',
      'HorizontalPodAutoscaler/checkout',
    ]);
    const names = async (apiVersion: string, kind: string) =>
      (await client.list(apiVersion, kind, ns)).items
        .map(i => i.metadata!.name)
        .sort();
    expect(await names('autoscaling/v2', 'HorizontalPodAutoscaler')).toEqual(
      [],
    );
    expect(await names('batch/v1', 'CronJob')).toEqual([]);
    expect(await names('v1', 'ConfigMap')).toEqual(
      expect.arrayContaining(['hand-made', 'other']),
    );
    expect(await names('apps/v1', 'Deployment')).toEqual(['checkout']);

    // Nothing left to delete the second time.
    expect(
      await deleteObjects(
        { cluster, client },
        {
          namespace: ns,
          service: 'checkout',
          environment: ENVIRONMENT,
          keep: disabled,
        },
      ),
    ).toEqual([]);
  });

  it('starts an autoscaled Deployment left at 0 replicas at the HPA minReplicas', async () => {
    const namespace = 'checkout-wake';
    const inNamespace = (objects: KubernetesObject[]): KubernetesObject[] =>
      objects.map(o => ({ ...o, metadata: { ...o.metadata, namespace } }));
    const enabled = inNamespace(render('rich', 'dc1'));
    const min = (
      enabled.find(o => o.kind === 'HorizontalPodAutoscaler')!.spec as {
        minReplicas: number;
      }
    ).minReplicas;
    const cluster = infoOf(sim, 'dc1');
    await applyObjects({ cluster, client }, enabled);
    await waitAvailable(namespace, 'checkout', min);

    // What an enable left behind before Dyploma handed over minReplicas: disabled
    // (Dyploma applied 0), then the 0 handed over and the rest applied as is.
    await applyObjects(
      { cluster, client },
      inNamespace(render('rich', 'dc1', { enabled: false })),
    );
    await client.patch(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'checkout', namespace },
        spec: { replicas: 0 },
      },
      undefined,
      undefined,
      HANDOVER_MANAGER,
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    for (const o of enabled) {
      await client.patch(
        o,
        undefined,
        undefined,
        'dyploma',
        true,
        k8s.PatchStrategy.ServerSideApply,
      );
    }
    // The HPA does not scale a target at 0: the service stays down.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const hpa = await client.read<k8s.V2HorizontalPodAutoscaler>({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'checkout', namespace },
      });
      const active = hpa.status?.conditions?.find(
        c => c.type === 'ScalingActive',
      );
      if (active?.reason === 'ScalingDisabled') break;
      if (Date.now() > deadline) {
        throw new Error(`HPA never disabled: ${JSON.stringify(active)}`);
      }
      await new Promise(r => setTimeout(r, 50));
    }
    expect((await readDeployment(namespace, 'checkout')).spec?.replicas).toBe(
      0,
    );

    // The next apply of the enabled service (a deploy, say) starts it again.
    await applyObjects({ cluster, client }, enabled);
    const d = await waitAvailable(namespace, 'checkout', min);
    expect(d.status?.availableReplicas).toBeGreaterThanOrEqual(min);
  });

  it('classifies an injected 503 as retryable and a 422 as not, keeping the Status message', async () => {
    const cluster = infoOf(sim, 'dc1');
    const objects = render('minimal', 'dc1');
    await control('PUT', '/clusters/dc1/faults', { errorRates: { 503: 1 } });
    let unavailable: unknown;
    try {
      await applyObjects({ cluster, client }, objects);
    } catch (e) {
      unavailable = e;
    } finally {
      await control('DELETE', '/clusters/dc1/faults');
    }
    expect(unavailable).toBeInstanceOf(KubeApplyError);
    expect(classifyKubeError(unavailable)).toMatchObject({
      retryable: true,
      status: 503,
      reason: 'ServiceUnavailable',
      message: 'the server is currently unable to handle the request',
    });

    const invalid = objects.map(o =>
      o.kind === 'Deployment'
        ? { ...o, spec: { ...(o.spec as object), replicas: -1 } }
        : o,
    );
    const error = await applyObjects({ cluster, client }, invalid).catch(
      e => e,
    );
    expect(error).toBeInstanceOf(KubeApplyError);
    expect(error.object).toMatchObject({ kind: 'Deployment', name: 'ledger' });
    expect(error.retryable).toBe(false);
    expect(error.classification).toMatchObject({
      retryable: false,
      status: 422,
      reason: 'Invalid',
    });
    expect(error.classification.message).toContain('spec.replicas');
    expect(error.message).toContain(
      'Deployment ledger-production/ledger on cluster dc1: ',
    );
    // The objects before the Deployment were applied and are reported.
    expect(error.done.map((o: any) => o.kind)).toEqual(
      invalid
        .slice(
          0,
          invalid.findIndex(o => o.kind === 'Deployment'),
        )
        .map(o => o.kind),
    );
  });

  it('classifies a cluster that is down and a request that times out as retryable', async () => {
    const cluster = infoOf(sim, 'dc1');
    const objects = render('minimal', 'dc1');
    await control('POST', '/clusters/dc1/down');
    const refused = await applyObjects({ cluster }, objects).catch(e => e);
    await control('POST', '/clusters/dc1/up');
    expect(refused).toBeInstanceOf(KubeApplyError);
    expect(refused.classification).toMatchObject({ retryable: true });

    await control('PUT', '/clusters/dc1/faults', { latencyMs: 500 });
    const slow = await applyObjects({ cluster, timeoutMs: 100 }, objects).catch(
      e => e,
    );
    await control('DELETE', '/clusters/dc1/faults');
    expect(slow).toBeInstanceOf(KubeApplyError);
    expect(slow.classification).toMatchObject({
      retryable: true,
      reason: 'Timeout',
    });
  });
});
