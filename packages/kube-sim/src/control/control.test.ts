import { startKubeSim, KubeSim } from '../index';
import { client, eventually, watch } from '../testing/client';

describe('control API', () => {
  let sim: KubeSim;
  let req: ReturnType<typeof client>;
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.controlUrl}/control/v1${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: await res.json() };
  };

  beforeAll(async () => {
    sim = await startKubeSim({ clusters: ['dc1', 'dc2'], port: 0, timeScale: 100 });
    req = client(sim);
  });
  afterAll(() => sim.stop());
  afterEach(async () => {
    await control('DELETE', '/clusters/dc1/faults');
    await control('POST', '/clusters/dc1/up');
  });

  it('lists clusters with their URLs', async () => {
    const res = await control('GET', '/clusters');
    expect(res.json.clusters.map((c: any) => [c.name, c.up])).toEqual([['dc1', true], ['dc2', true]]);
    expect(res.json.clusters[0].url).toBe(sim.clusters[0].url);
  });

  it('takes a cluster down (connection refused) and brings it back on the same URL', async () => {
    await control('POST', '/clusters/dc1/down');
    await expect(req('GET', '/api/v1/namespaces')).rejects.toThrow(/ECONNREFUSED/);
    expect((await client(sim, 'dc2')('GET', '/api/v1/namespaces')).status).toBe(200);
    await control('POST', '/clusters/dc1/up');
    expect((await req('GET', '/api/v1/namespaces')).status).toBe(200);
  });

  it('adds latency', async () => {
    await control('PUT', '/clusters/dc1/faults', { latencyMs: 150 });
    const t0 = Date.now();
    await req('GET', '/api/v1/namespaces');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('answers a fraction of requests with 429, 500 and 503 Status objects', async () => {
    await control('PUT', '/clusters/dc1/faults', { errorRates: { 429: 0.5 } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await req('GET', '/api/v1/namespaces')).status);
    expect(codes.filter(c => c === 429)).toHaveLength(2);
    const throttled = await req('GET', '/api/v1/namespaces');
    const again = throttled.status === 429 ? throttled : await req('GET', '/api/v1/namespaces');
    expect(again.json).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429 });
    expect(again.headers['retry-after']).toBe('1');
    await control('PUT', '/clusters/dc1/faults', { errorRates: { 500: 1 } });
    expect((await req('GET', '/api/v1/pods')).json).toMatchObject({ reason: 'InternalError', code: 500 });
    await control('PUT', '/clusters/dc1/faults', { errorRates: { 503: 1 } });
    expect((await req('GET', '/api/v1/pods')).json).toMatchObject({ reason: 'ServiceUnavailable', code: 503 });
    expect((await control('PUT', '/clusters/dc1/faults', { errorRates: { 404: 1 } })).status).toBe(400);
  });

  it('stalls watches silently', async () => {
    const w = watch(sim, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1');
    await req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'before' } });
    await eventually(() => w.events.some(e => e.object.metadata.name === 'before'), 5000, 'first event');
    await control('PUT', '/clusters/dc1/faults', { stallWatches: true });
    await req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'during' } });
    await new Promise(r => setTimeout(r, 200));
    expect(w.events.some(e => e.object.metadata.name === 'during')).toBe(false);
    w.stop();
  });

  it('expires watch history so old versions get 410', async () => {
    const rv = (await req('GET', '/api/v1/namespaces/default/configmaps')).json.metadata.resourceVersion;
    await req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'later' } });
    await control('POST', '/clusters/dc1/expire-watch-history');
    const w = watch(sim, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`);
    await w.ended;
    expect(w.events[0]).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });

  it('marks a node NotReady and Ready', async () => {
    expect((await control('POST', '/clusters/dc1/nodes/dc1-node-2/not-ready')).status).toBe(200);
    const node = (await req('GET', '/api/v1/nodes/dc1-node-2')).json;
    expect(node.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('Unknown');
    await control('POST', '/clusters/dc1/nodes/dc1-node-2/ready');
    const back = (await req('GET', '/api/v1/nodes/dc1-node-2')).json;
    expect(back.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
    expect((await control('POST', '/clusters/dc1/nodes/nope/ready')).status).toBe(404);
  });

  it('counts requests by verb and resource, and resets', async () => {
    await control('DELETE', '/clusters/dc2/requests');
    const dc2 = client(sim, 'dc2');
    await dc2('GET', '/api/v1/namespaces/default/pods');
    await dc2('GET', '/api/v1/namespaces/default/pods');
    await dc2('PATCH', '/apis/apps/v1/namespaces/default/deployments/x?fieldManager=dyploma', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: { matchLabels: { a: 'x' } }, template: { metadata: { labels: { a: 'x' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } } }, { 'Content-Type': 'application/apply-patch+yaml' });
    const counts = (await control('GET', '/clusters/dc2/requests')).json;
    expect(counts.total).toBe(3);
    expect(counts.requests).toEqual(expect.arrayContaining([
      { verb: 'list', group: '', resource: 'pods', count: 2 },
      { verb: 'apply', group: 'apps', resource: 'deployments', count: 1 },
    ]));
    expect((await control('DELETE', '/clusters/dc2/requests')).json.total).toBe(0);
    expect((await control('GET', '/clusters/dc2/requests')).json.total).toBe(0);
  });

  it('sets a workload load factor that the metrics API reflects', async () => {
    const dc2 = client(sim, 'dc2');
    await dc2('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'busy' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'busy' } }, template: { metadata: { labels: { app: 'busy' } }, spec: { containers: [{ name: 'c', image: 'i:1', resources: { requests: { cpu: '200m' } } }] } } },
    });
    const cpu = async () => {
      const m = (await dc2('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dbusy')).json;
      return m.items.length ? parseInt(m.items[0].containers[0].usage.cpu, 10) : 0;
    };
    const base = await eventually(cpu, 10_000, 'pod metrics');
    expect((await control('PUT', '/clusters/dc2/load', { namespace: 'default', workload: 'busy', factor: 10 })).status).toBe(200);
    expect(await cpu()).toBeGreaterThan(base * 5);
  });
});
