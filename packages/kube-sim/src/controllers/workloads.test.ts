import { startKubeSim, KubeSim } from '../index';
import { client, eventually } from '../testing/client';

jest.setTimeout(30_000);

const podSpec = (image: string, restartPolicy?: string) => ({
  ...(restartPolicy ? { restartPolicy } : {}),
  containers: [{ name: 'main', image, resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
});

describe('Job, CronJob, HPA and PodDisruptionBudget controllers', () => {
  let sim: KubeSim;
  let req: ReturnType<typeof client>;
  const get = async (path: string) => (await req('GET', path)).json;

  beforeAll(async () => {
    sim = await startKubeSim({ clusters: ['dc1'], port: 0, timeScale: 200 });
    req = client(sim);
  });
  afterAll(() => sim.stop());

  it('runs a Job to completion with parallelism', async () => {
    await req('POST', '/apis/batch/v1/namespaces/default/jobs', {
      metadata: { name: 'batch' },
      spec: { completions: 4, parallelism: 2, template: { spec: podSpec('busybox:1', 'Never') } },
    });
    const job = await eventually(async () => {
      const j = await get('/apis/batch/v1/namespaces/default/jobs/batch');
      return j.status?.conditions?.some((c: any) => c.type === 'Complete') && j;
    }, 15_000, 'job complete');
    expect(job.status).toMatchObject({ succeeded: 4 });
    expect(job.status.completionTime).toBeDefined();
    const pods = (await get('/api/v1/namespaces/default/pods?labelSelector=batch.kubernetes.io%2Fjob-name%3Dbatch')).items;
    expect(pods).toHaveLength(4);
    expect(pods.every((p: any) => p.status.phase === 'Succeeded')).toBe(true);
  });

  it('fails a Job after backoffLimit failed pods', async () => {
    await req('POST', '/apis/batch/v1/namespaces/default/jobs', {
      metadata: { name: 'doomed' },
      spec: { backoffLimit: 2, template: { spec: podSpec('busybox:fail', 'Never') } },
    });
    const job = await eventually(async () => {
      const j = await get('/apis/batch/v1/namespaces/default/jobs/doomed');
      return j.status?.conditions?.some((c: any) => c.type === 'Failed') && j;
    }, 15_000, 'job failed');
    expect(job.status.failed).toBe(3);
    expect(job.status.conditions.find((c: any) => c.type === 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  });

  it('creates Jobs on a CronJob schedule and keeps the history limit', async () => {
    await req('POST', '/apis/batch/v1/namespaces/default/cronjobs', {
      metadata: { name: 'tick' },
      spec: { schedule: '* * * * *', successfulJobsHistoryLimit: 2, jobTemplate: { spec: { template: { spec: podSpec('busybox:1', 'OnFailure') } } } },
    });
    const seen = new Set<string>();
    await eventually(async () => {
      for (const j of (await get('/apis/batch/v1/namespaces/default/jobs')).items) {
        if (j.metadata.ownerReferences?.[0]?.name === 'tick') seen.add(j.metadata.name);
      }
      return seen.size >= 4;
    }, 20_000, 'four scheduled jobs');
    const jobs = (await get('/apis/batch/v1/namespaces/default/jobs')).items.filter((j: any) => j.metadata.ownerReferences?.[0]?.name === 'tick');
    const complete = jobs.filter((j: any) => j.status?.conditions?.some((c: any) => c.type === 'Complete'));
    expect(complete.length).toBeLessThanOrEqual(2);
    const cj = await get('/apis/batch/v1/namespaces/default/cronjobs/tick');
    expect(cj.status.lastScheduleTime).toMatch(/Z$/);
  });

  it('scales a Deployment with an HPA on CPU utilisation, and back down after stabilisation', async () => {
    await req('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'api' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: podSpec('api:1') } },
    });
    await req('POST', '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers', {
      metadata: { name: 'api' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
    });
    sim.cluster('dc1').usage.setLoad('default', 'api', 8);
    const up = await eventually(async () => {
      const d = await get('/apis/apps/v1/namespaces/default/deployments/api');
      return d.spec.replicas === 6 && d;
    }, 15_000, 'scale up');
    expect(up.spec.replicas).toBe(6);
    const hpa = await get('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/api');
    expect(hpa.status.conditions.find((c: any) => c.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });
    const events = (await get('/api/v1/namespaces/default/events?fieldSelector=reason%3DSuccessfulRescale')).items;
    expect(events[0].message).toMatch(/^New size: \d; reason: cpu resource utilization \(percentage of request\) above target$/);

    sim.cluster('dc1').usage.setLoad('default', 'api', 0.01);
    const t0 = Date.now();
    await eventually(async () => (await get('/apis/apps/v1/namespaces/default/deployments/api')).spec.replicas === 2, 20_000, 'scale down');
    // 300 simulated seconds of stabilisation at ×200 is 1.5 s of real time.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1200);
  });

  it('leaves a Deployment scaled to 0 at 0 under an HPA (ScalingDisabled), and takes over again once it is scaled up', async () => {
    const deployment = '/apis/apps/v1/namespaces/default/deployments/idle';
    const hpaPath = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/idle';
    const scaleTo = (replicas: number) =>
      req('PATCH', `${deployment}/scale`, { spec: { replicas } }, { 'Content-Type': 'application/merge-patch+json' });
    await req('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'idle' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'idle' } }, template: { metadata: { labels: { app: 'idle' } }, spec: podSpec('idle:1') } },
    });
    await req('POST', '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers', {
      metadata: { name: 'idle' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'idle' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
    });
    const scalingActive = async () => (await get(hpaPath)).status?.conditions?.find((c: any) => c.type === 'ScalingActive');
    await eventually(async () => (await scalingActive())?.status === 'True', 10_000, 'HPA active');

    expect((await scaleTo(0)).status).toBe(200);
    const disabled = await eventually(async () => {
      const c = await scalingActive();
      return c?.status === 'False' && c;
    }, 10_000, 'HPA disabled');
    expect(disabled).toMatchObject({ reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
    expect((await get(hpaPath)).status).toMatchObject({ currentReplicas: 0, desiredReplicas: 0 });
    // 1 s at ×200 is over 13 HPA syncs of 15 simulated seconds: still nobody runs.
    await new Promise(r => setTimeout(r, 1000));
    expect((await get(deployment)).spec.replicas).toBe(0);
    expect((await get('/api/v1/namespaces/default/pods?labelSelector=app%3Didle')).items.filter((p: any) => !p.metadata.deletionTimestamp)).toHaveLength(0);

    // Scaled up by someone else (below minReplicas), the HPA scales again from there.
    expect((await scaleTo(1)).status).toBe(200);
    await eventually(async () => (await get(deployment)).spec.replicas === 2, 10_000, 'HPA raising the Deployment to minReplicas');
    expect(await scalingActive()).toMatchObject({ status: 'True' });
  });

  it('refuses an eviction that would break a PodDisruptionBudget with 429', async () => {
    await req('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', {
      metadata: { name: 'api' },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'api' } } },
    });
    await eventually(async () => (await get('/apis/policy/v1/namespaces/default/poddisruptionbudgets/api')).status?.expectedPods === 2, 10_000, 'pdb status');
    const pod = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dapi')).items.find((p: any) => !p.metadata.deletionTimestamp);
    const res = await req('POST', `/api/v1/namespaces/default/pods/${pod.metadata.name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name } });
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({ reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget." });
  });
});
