import { startKubeSim, KubeSim } from '../index';
import { client, eventually } from '../testing/client';

const deployment = (name: string, image = 'nginx:1.27', replicas = 3, extra: any = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', image, resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
    },
    ...extra,
  },
});

describe('controllers', () => {
  let sim: KubeSim;
  let req: ReturnType<typeof client>;
  const D = '/apis/apps/v1/namespaces/default/deployments';

  beforeAll(async () => {
    sim = await startKubeSim({ clusters: ['dc1'], port: 0, timeScale: 200, nodes: { count: 3, cpu: '2', memory: '4Gi' } });
    req = client(sim);
  });
  afterAll(() => sim.stop());

  const get = async (path: string) => (await req('GET', path)).json;
  const rolledOut = (name: string, replicas: number) => async () => {
    const d = await get(`${D}/${name}`);
    return (
      d.status?.observedGeneration >= d.metadata.generation &&
      d.status?.updatedReplicas === replicas &&
      d.status?.availableReplicas === replicas &&
      d.status?.replicas === replicas &&
      d
    );
  };

  it('rolls a Deployment out to Ready pods owned by its ReplicaSet', async () => {
    await req('POST', D, deployment('web'));
    const d = await eventually(rolledOut('web', 3), 10_000, 'rollout');
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status.conditions.map((c: any) => [c.type, c.reason])).toEqual([
      ['Available', 'MinimumReplicasAvailable'],
      ['Progressing', 'NewReplicaSetAvailable'],
    ]);
    const rs = (await get('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb')).items;
    expect(rs).toHaveLength(1);
    const hash = rs[0].metadata.labels['pod-template-hash'];
    expect(rs[0].metadata.name).toBe(`web-${hash}`);
    const pods = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).items;
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet', name: rs[0].metadata.name, controller: true });
      expect(p.status.phase).toBe('Running');
      expect(p.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
      expect(p.spec.nodeName).toMatch(/^dc1-node-/);
    }
    const events = (await get('/api/v1/namespaces/default/events')).items.map((e: any) => e.reason);
    expect(events).toEqual(expect.arrayContaining(['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']));
  });

  it('rolls an image change within maxSurge/maxUnavailable and keeps the old ReplicaSet as history', async () => {
    const pods = new Set<string>();
    let maxTotal = 0;
    const stop = sim.cluster('dc1').store.subscribe(c => {
      if (c.resource !== '/pods' || c.object.metadata.labels?.app !== 'web') return;
      if (c.type === 'DELETED') pods.delete(c.object.metadata.name);
      else if (!c.object.metadata.deletionTimestamp) pods.add(c.object.metadata.name);
      else pods.delete(c.object.metadata.name);
      maxTotal = Math.max(maxTotal, pods.size);
    });
    for (const p of (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).items) pods.add(p.metadata.name);
    await req('PATCH', `${D}/web`, { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    const d = await eventually(rolledOut('web', 3), 10_000, 'second rollout');
    stop();
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    // maxSurge 25% of 3 rounds up to 1: never more than 4 pods.
    expect(maxTotal).toBeLessThanOrEqual(4);
    const rs = (await get('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb')).items;
    expect(rs.map((r: any) => [r.metadata.annotations['deployment.kubernetes.io/revision'], r.spec.replicas]).sort()).toEqual([['1', 0], ['2', 3]]);
  });

  it('reports CrashLoopBackOff with growing restarts and ProgressDeadlineExceeded', async () => {
    await req('POST', D, deployment('crashy', 'example/app:crashloop', 1, { progressDeadlineSeconds: 30 }));
    const pod = await eventually(async () => {
      const p = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dcrashy')).items[0];
      return p?.status?.containerStatuses?.[0]?.restartCount >= 2 && p;
    }, 15_000, 'restarts');
    expect(pod.status.containerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
    expect(pod.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const d = await eventually(async () => {
      const x = await get(`${D}/crashy`);
      return x.status?.conditions?.find((c: any) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') && x;
    }, 15_000, 'deadline');
    expect(d.status.conditions.find((c: any) => c.type === 'Progressing')).toMatchObject({ status: 'False', message: expect.stringMatching(/^ReplicaSet "crashy-\w+" has timed out progressing\.$/) });
  });

  it('reports ImagePullBackOff for images that cannot be pulled', async () => {
    await req('POST', D, deployment('nopull', 'example/app:badimage', 1));
    const pod = await eventually(async () => {
      const p = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dnopull')).items[0];
      return p?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff' && p;
    }, 10_000, 'ImagePullBackOff');
    expect(pod.status.phase).toBe('Pending');
  });

  it('leaves pods that fit nowhere Pending with the scheduler message', async () => {
    const big = deployment('big', 'nginx:1.27', 1);
    big.spec.template.spec.containers[0].resources.requests.cpu = '64';
    await req('POST', D, big);
    const pod = await eventually(async () => {
      const p = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dbig')).items[0];
      return p?.status?.conditions?.find((c: any) => c.type === 'PodScheduled' && c.status === 'False') && p;
    }, 10_000, 'unschedulable');
    expect(pod.status.conditions.find((c: any) => c.type === 'PodScheduled')).toMatchObject({
      reason: 'Unschedulable',
      message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    });
    const ev = (await get('/api/v1/namespaces/default/events?fieldSelector=reason%3DFailedScheduling')).items;
    expect(ev[0]).toMatchObject({ type: 'Warning', source: { component: 'default-scheduler' } });
  });

  it('garbage-collects ReplicaSets and Pods when a Deployment is deleted', async () => {
    await req('DELETE', `${D}/big`, { propagationPolicy: 'Background' });
    await eventually(async () => (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dbig')).items.length === 0, 10_000, 'pods gone');
    expect((await get('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dbig')).items).toEqual([]);
  });

  it('evicts pods from a NotReady node after the toleration and replaces them elsewhere', async () => {
    const cluster = sim.cluster('dc1');
    const before = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).items;
    const node = before[0].spec.nodeName;
    cluster.setNodeReady(node, false);
    await eventually(async () => {
      const pods = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).items;
      return pods.length === 3 && pods.every((p: any) => p.spec.nodeName !== node && p.status.phase === 'Running');
    }, 15_000, 'eviction and replacement');
    const n = await get(`/api/v1/nodes/${node}`);
    expect(n.spec.taints.map((t: any) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    cluster.setNodeReady(node, true);
    await eventually(async () => !(await get(`/api/v1/nodes/${node}`)).spec.taints, 5000, 'taints removed');
  });
});
