import { startKubeSim, KubeSim } from '../index';
import { client, eventually, watch } from '../testing/client';

const deployment = (name: string, extra: any = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    ...extra,
  },
});

describe('API server', () => {
  let sim: KubeSim;
  let req: ReturnType<typeof client>;
  let ro: ReturnType<typeof client>;

  beforeAll(async () => {
    sim = await startKubeSim({ clusters: ['dc1'], port: 0, controllers: false });
    req = client(sim);
    ro = client(sim, 'dc1', true);
  });
  afterAll(() => sim.stop());

  it('rejects missing tokens with 401 and writes with the read-only token with 403', async () => {
    const anon = await client(sim)('GET', '/api/v1/pods', undefined, { Authorization: 'Bearer nope' });
    expect(anon.status).toBe(401);
    expect(anon.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await ro('GET', '/api/v1/namespaces/default/pods')).status).toBe(200);
    const denied = await ro('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('ro'));
    expect(denied.status).toBe(403);
    expect(denied.json.message).toBe(
      'deployments.apps is forbidden: User "kube-sim:viewer" cannot create resource "deployments" in API group "apps" in the namespace "default"',
    );
  });

  it('serves discovery', async () => {
    const apis = await req('GET', '/apis');
    expect(apis.json.groups.map((g: any) => g.name)).toEqual(expect.arrayContaining(['apps', 'batch', 'autoscaling', 'metrics.k8s.io']));
    const apps = await req('GET', '/apis/apps/v1');
    expect(apps.json.resources.map((r: any) => r.name)).toEqual(expect.arrayContaining(['deployments', 'deployments/scale', 'replicasets']));
    expect((await req('GET', '/version')).json.minor).toBe('32');
  });

  it('creates, reads, conflicts on stale updates and reports AlreadyExists', async () => {
    const created = await req('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
    expect(created.status).toBe(201);
    expect(created.json.metadata.generation).toBe(1);
    expect(created.json.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: '25%' });
    const again = await req('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' });

    const stale = { ...created.json, spec: { ...created.json.spec, replicas: 3 } };
    expect((await req('PUT', '/apis/apps/v1/namespaces/default/deployments/web', stale)).status).toBe(200);
    const conflict = await req('PUT', '/apis/apps/v1/namespaces/default/deployments/web', stale);
    expect(conflict.status).toBe(409);
    expect(conflict.json).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
    const missing = await req('GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    expect(missing.json).toMatchObject({ reason: 'NotFound', code: 404, message: 'deployments.apps "nope" not found' });
  });

  it('validates like a real API server', async () => {
    const bad = deployment('Bad_Name', { replicas: -1 });
    bad.spec.template.spec.containers[0].image = '';
    const res = await req('POST', '/apis/apps/v1/namespaces/default/deployments', bad);
    expect(res.status).toBe(422);
    expect(res.json.reason).toBe('Invalid');
    const fields = res.json.details.causes.map((c: any) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['metadata.name', 'spec.replicas', 'spec.template.spec.containers[0].image']));
    const notInt = await req('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('x', { replicas: 'r12345' }));
    expect(notInt.status).toBe(400);
    expect(notInt.json.message).toContain('cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    const q = deployment('q');
    (q.spec.template.spec.containers[0] as any).resources = { requests: { cpu: 'lots' } };
    expect((await req('POST', '/apis/apps/v1/namespaces/default/deployments', q)).json.message).toContain('quantities must match');
  });

  it('lists with limit/continue and label and field selectors', async () => {
    for (const n of ['a1', 'a2', 'a3']) {
      await req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: n, labels: { tier: n === 'a3' ? 'db' : 'web' } }, data: {} });
    }
    const page1 = await req('GET', '/api/v1/namespaces/default/configmaps?limit=2');
    expect(page1.json.items.map((i: any) => i.metadata.name)).toEqual(['a1', 'a2']);
    expect(page1.json.items[0].kind).toBeUndefined();
    const page2 = await req('GET', `/api/v1/namespaces/default/configmaps?limit=2&continue=${encodeURIComponent(page1.json.metadata.continue)}`);
    expect(page2.json.items.map((i: any) => i.metadata.name)).toEqual(['a3']);
    expect(page2.json.metadata.continue).toBeUndefined();
    const setBased = await req('GET', `/api/v1/namespaces/default/configmaps?labelSelector=${encodeURIComponent('tier in (db),tier notin (web)')}`);
    expect(setBased.json.items.map((i: any) => i.metadata.name)).toEqual(['a3']);
    const byName = await req('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Da2');
    expect(byName.json.items.map((i: any) => i.metadata.name)).toEqual(['a2']);
  });

  it('watches from a resourceVersion, sends bookmarks and answers 410 once history is gone', async () => {
    const list = await req('GET', '/api/v1/namespaces/default/configmaps');
    const rv = list.json.metadata.resourceVersion;
    const w = watch(sim, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`);
    await req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'w1' } });
    await req('DELETE', '/api/v1/namespaces/default/configmaps/w1');
    await eventually(() => w.events.length >= 2, 5000, 'watch events');
    expect(w.events.slice(0, 2).map(e => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'w1'], ['DELETED', 'w1']]);
    w.stop();

    sim.cluster('dc1').store.expireHistory();
    const old = watch(sim, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`);
    await old.ended;
    expect(old.events).toEqual([
      { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) },
    ]);
  });

  it('patches in all four forms', async () => {
    const base = '/apis/apps/v1/namespaces/default/deployments';
    await req('POST', base, deployment('p'));
    const json = await req('PATCH', `${base}/p`, [{ op: 'replace', path: '/spec/replicas', value: 4 }], { 'Content-Type': 'application/json-patch+json' });
    expect(json.json.spec.replicas).toBe(4);
    const merge = await req('PATCH', `${base}/p`, { metadata: { labels: { team: 'a' } } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(merge.json.metadata.labels).toEqual({ app: 'p', team: 'a' });
    const smp = await req('PATCH', `${base}/p`, { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'envoy:1' }] } } } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(smp.json.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web', 'sidecar']);
    expect(smp.json.metadata.generation).toBe(3);

    const apply = (body: any, q = '') => req('PATCH', `${base}/p?fieldManager=dyploma${q}`, body, { 'Content-Type': 'application/apply-patch+yaml' });
    const applied = await apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'p' }, spec: { replicas: 5 } });
    expect(applied.status).toBe(409);
    expect(applied.json.message).toMatch(/^Apply failed with 1 conflict: conflict with "[^"]+" using apps\/v1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: \.spec\.replicas$/);
    const forced = await apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'p' }, spec: { replicas: 5 } }, '&force=true');
    expect(forced.status).toBe(200);
    expect(forced.json.spec.replicas).toBe(5);
    expect(forced.json.metadata.managedFields.find((m: any) => m.manager === 'dyploma')).toMatchObject({
      operation: 'Apply',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
  });

  it('does not write what a write leaves unchanged: apply, patches and PUT keep resourceVersion and send no event', async () => {
    const base = '/apis/apps/v1/namespaces/default/deployments';
    const cms = '/api/v1/namespaces/default/configmaps';
    const applyHeaders = { 'Content-Type': 'application/apply-patch+yaml' };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'noop', labels: { a: '1' } }, data: { k: 'v' } };
    const dep = deployment('noop');
    const first = await req('PATCH', `${cms}/noop?fieldManager=dyploma&force=true`, cm, applyHeaders);
    expect(first.status).toBeLessThan(300);
    const d1 = await req('PATCH', `${base}/noop?fieldManager=dyploma&force=true`, dep, applyHeaders);
    expect(d1.status).toBeLessThan(300);
    const before = Number(sim.cluster('dc1').store.resourceVersion);
    const w1 = watch(sim, `${cms}?watch=true&resourceVersion=${before}`);
    const w2 = watch(sim, `${base}?watch=true&resourceVersion=${before}`);

    // A no-op apply by the same manager with the same fields: nothing changes, not even managedFields' time.
    await new Promise(r => setTimeout(r, 1100)); // so a new timestamp would differ
    const again = await req('PATCH', `${cms}/noop?fieldManager=dyploma&force=true`, cm, applyHeaders);
    expect(again.status).toBe(200);
    expect(again.json.metadata.resourceVersion).toBe(first.json.metadata.resourceVersion);
    expect(again.json.metadata.managedFields).toEqual(first.json.metadata.managedFields);
    const d2 = await req('PATCH', `${base}/noop?fieldManager=dyploma&force=true`, dep, applyHeaders);
    expect(d2.json.metadata).toMatchObject({ resourceVersion: d1.json.metadata.resourceVersion, generation: 1 });
    expect(d2.json.metadata.managedFields).toEqual(d1.json.metadata.managedFields);

    // No-op merge, strategic merge and JSON patches, and a PUT of the object as read.
    const merge = await req('PATCH', `${cms}/noop`, { data: { k: 'v' }, metadata: { labels: { a: '1' } } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(merge.json.metadata.resourceVersion).toBe(first.json.metadata.resourceVersion);
    const smp = await req('PATCH', `${base}/noop`, { spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(smp.json.metadata).toMatchObject({ resourceVersion: d1.json.metadata.resourceVersion, generation: 1 });
    const jsonPatch = await req('PATCH', `${base}/noop`, [{ op: 'replace', path: '/spec/replicas', value: 2 }], { 'Content-Type': 'application/json-patch+json' });
    expect(jsonPatch.json.metadata.resourceVersion).toBe(d1.json.metadata.resourceVersion);
    const current = (await req('GET', `${cms}/noop`)).json;
    const put = await req('PUT', `${cms}/noop`, current);
    expect(put.status).toBe(200);
    expect(put.json.metadata.resourceVersion).toBe(first.json.metadata.resourceVersion);
    const putNoRv = await req('PUT', `${base}/noop`, { ...dep, metadata: { name: 'noop', labels: { app: 'noop' } } });
    expect(putNoRv.json.metadata).toMatchObject({ resourceVersion: d1.json.metadata.resourceVersion, generation: 1 });
    expect(Number(sim.cluster('dc1').store.resourceVersion)).toBe(before);

    // A real change still writes: new resourceVersion, one MODIFIED event, generation on spec change.
    const changed = await req('PATCH', `${cms}/noop?fieldManager=dyploma&force=true`, { ...cm, data: { k: 'w' } }, applyHeaders);
    expect(Number(changed.json.metadata.resourceVersion)).toBe(before + 1);
    const scaled = await req('PATCH', `${base}/noop?fieldManager=dyploma&force=true`, { ...dep, spec: { ...dep.spec, replicas: 3 } }, applyHeaders);
    expect(scaled.json.metadata).toMatchObject({ resourceVersion: String(before + 2), generation: 2 });
    await eventually(() => w1.events.length >= 1 && w2.events.length >= 1, 5000, 'watch events');
    await new Promise(r => setTimeout(r, 100));
    w1.stop();
    w2.stop();
    expect(w1.events.map(e => [e.type, e.object.metadata.resourceVersion, e.object.data])).toEqual([['MODIFIED', String(before + 1), { k: 'w' }]]);
    expect(w2.events.map(e => [e.type, e.object.metadata.resourceVersion])).toEqual([['MODIFIED', String(before + 2)]]);
  });

  it('serves every object type the Backstage Kubernetes plugin lists, filtered by its label', async () => {
    const paths = [
      '/api/v1/pods', '/api/v1/services', '/api/v1/configmaps', '/api/v1/limitranges', '/api/v1/resourcequotas',
      '/apis/apps/v1/deployments', '/apis/apps/v1/replicasets', '/apis/apps/v1/statefulsets', '/apis/apps/v1/daemonsets',
      '/apis/autoscaling/v2/horizontalpodautoscalers', '/apis/batch/v1/jobs', '/apis/batch/v1/cronjobs', '/apis/networking.k8s.io/v1/ingresses',
    ];
    for (const p of paths) {
      const res = await req('GET', `${p}?labelSelector=${encodeURIComponent('backstage.io/kubernetes-id=web')}`);
      expect([p, res.status, Array.isArray(res.json.items)]).toEqual([p, 200, true]);
    }
  });

  it('serves core Events also as events.k8s.io/v1', async () => {
    await req('POST', '/api/v1/namespaces/default/events', {
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-abc from 0 to 2',
      type: 'Normal',
      source: { component: 'deployment-controller' },
    });
    const v1 = (await req('GET', '/apis/events.k8s.io/v1/namespaces/default/events/e1')).json;
    expect(v1).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      regarding: { kind: 'Deployment', name: 'web' },
      note: 'Scaled up replica set web-abc from 0 to 2',
      reportingController: 'deployment-controller',
    });
  });
});
