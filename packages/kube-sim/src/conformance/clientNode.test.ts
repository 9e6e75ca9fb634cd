import * as k8s from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '../index';
import { eventually } from '../testing/client';

jest.setTimeout(30_000);

/**
 * @kubernetes/client-node 1.4.0 (the version Backstage pins) against
 * kube-sim: the informer's list/watch/relist cycle and the calls the
 * orchestrator makes.
 */
describe('@kubernetes/client-node 1.4.0 against kube-sim', () => {
  let sim: KubeSim;
  let kc: k8s.KubeConfig;

  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${sim.controlUrl}/control/v1${path}`, { method, body: body ? JSON.stringify(body) : undefined });

  const deployment = (name: string, image = 'nginx:1.27') => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels: { 'backstage.io/kubernetes-id': name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, 'backstage.io/kubernetes-id': name } }, spec: { containers: [{ name: 'main', image }] } },
    },
  });

  beforeAll(async () => {
    sim = await startKubeSim({ clusters: ['dc1'], port: 0, timeScale: 100 });
    kc = new k8s.KubeConfig();
    kc.loadFromString(sim.kubeconfigYaml());
    kc.setCurrentContext('dc1');
  });
  afterAll(() => sim.stop());

  it('creates, applies server-side, reads, scales and lists as the orchestrator will', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: 'shop' } } });
    const ssa = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply);
    const applied = await apps.patchNamespacedDeployment(
      { name: 'cart', namespace: 'shop', body: deployment('cart'), fieldManager: 'dyploma', force: true },
      ssa,
    );
    expect(applied.metadata?.managedFields?.[0]).toMatchObject({ manager: 'dyploma', operation: 'Apply' });
    await eventually(async () => {
      const d = await apps.readNamespacedDeployment({ name: 'cart', namespace: 'shop' });
      return d.status?.availableReplicas === 2;
    }, 10_000, 'available');
    const scale = await apps.readNamespacedDeploymentScale({ name: 'cart', namespace: 'shop' });
    expect(scale.spec?.replicas).toBe(2);
    await apps.patchNamespacedDeploymentScale(
      { name: 'cart', namespace: 'shop', body: { spec: { replicas: 3 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const pods = await core.listNamespacedPod({ namespace: 'shop', labelSelector: 'backstage.io/kubernetes-id=cart' });
    expect(pods.items.length).toBeGreaterThanOrEqual(2);
    const events = await core.listNamespacedEvent({ namespace: 'shop', fieldSelector: 'involvedObject.kind=Deployment' });
    expect(events.items.map(e => e.reason)).toContain('ScalingReplicaSet');
    // The third pod of the scale-up may still be starting; logs come from a running one.
    const running = pods.items.find(p => p.status?.phase === 'Running')!;
    const log = await core.readNamespacedPodLog({ name: running.metadata!.name!, namespace: 'shop', tailLines: 1 });
    expect(JSON.parse(String(log).trim())).toMatchObject({ level: 'info' });
    const err = await apps.readNamespacedDeployment({ name: 'missing', namespace: 'shop' }).catch(e => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    expect(err.code).toBe(404);
    expect(JSON.parse(err.body)).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('runs an informer that lists, watches, and relists after a forced 410', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const informer = k8s.makeInformer(kc, '/apis/apps/v1/namespaces/shop/deployments', () => apps.listNamespacedDeployment({ namespace: 'shop' }));
    const added: string[] = [];
    const errorsSeen: unknown[] = [];
    let connects = 0;
    informer.on('add', d => added.push(d.metadata!.name!));
    informer.on('error', e => errorsSeen.push(e));
    informer.on('connect', () => connects++);
    await informer.start();
    try {
      expect(informer.list().map(d => d.metadata!.name)).toEqual(['cart']);
      const ssa = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply);
      await apps.patchNamespacedDeployment({ name: 'orders', namespace: 'shop', body: deployment('orders'), fieldManager: 'dyploma' }, ssa);
      await eventually(() => informer.get('orders', 'shop'), 5000, 'watched add');

      const listsBefore = sim.cluster('dc1').requests.get('list', 'deployments');
      const connectsBefore = connects;
      await control('POST', '/clusters/dc1/expire-watch-history');
      // While the informer relists, a change lands; after the relist it must be there.
      await apps.patchNamespacedDeployment({ name: 'billing', namespace: 'shop', body: deployment('billing'), fieldManager: 'dyploma' }, ssa);
      await eventually(() => sim.cluster('dc1').requests.get('list', 'deployments') > listsBefore, 5000, 'relist after 410');
      await eventually(() => informer.get('billing', 'shop'), 5000, 'billing in cache');
      expect(connects).toBeGreaterThan(connectsBefore);
      expect(errorsSeen).toEqual([]);
    } finally {
      await informer.stop();
    }
  });

  it('lets a stalled watch be noticed: no events and no bookmarks until it is restarted', async () => {
    const watch = new k8s.Watch(kc);
    const seen: string[] = [];
    await control('PUT', '/clusters/dc1/faults', { stallWatches: true });
    const req = await watch.watch('/apis/apps/v1/namespaces/shop/deployments', { allowWatchBookmarks: true, resourceVersion: String(sim.cluster('dc1').store.resourceVersion) }, (type: string) => seen.push(type), () => {});
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.patchNamespacedDeployment({ name: 'stalled', namespace: 'shop', body: deployment('stalled'), fieldManager: 'dyploma' }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply));
    // Bookmarks come every simulated minute (0.6 s here): silence for longer is the signal.
    await new Promise(r => setTimeout(r, 1500));
    expect(seen).toEqual([]);
    req.abort();
    await control('DELETE', '/clusters/dc1/faults');
    const fresh: string[] = [];
    const again = await watch.watch('/apis/apps/v1/namespaces/shop/deployments', { allowWatchBookmarks: true }, (type: string, obj: any) => fresh.push(`${type} ${obj.metadata?.name}`), () => {});
    await eventually(() => fresh.includes('ADDED stalled'), 5000, 'caught up after restart');
    again.abort();
    expect(fresh).toContain('ADDED stalled');
  });
});
