import { RESOURCES, findByKind } from '../api/registry';
import { storageKey } from '../api/resourceType';
import type { Cluster, Controller } from '../cluster/Cluster';
import { labelSelectorMatcher } from '../store/selectors';
import { parseQuantity } from '../util/quantity';
import { isPodReady, setCondition } from './podStatus';

const HPAS = storageKey(RESOURCES.hpas);
const PODS = storageKey(RESOURCES.pods);
const TOLERANCE = 0.1;
const SYNC_MS = 15_000;
const DOWNSCALE_WINDOW_MS = 300_000;
const COMPONENT = 'horizontal-pod-autoscaler';

/**
 * The HPA controller for autoscaling/v2 resource metrics (cpu, memory with
 * averageUtilization or averageValue): every simulated 15 s,
 * desired = ceil(current × usage / target), ignored within 10% tolerance,
 * clamped to min/max; scale-down takes the highest recommendation of the
 * last 300 s (the default stabilisation window). A target at 0 replicas (with
 * minReplicas above 0) is left alone with ScalingActive False, ScalingDisabled.
 */
export class HpaController implements Controller {
  private stopTicker = () => {};
  private readonly recommendations = new Map<string, { at: number; replicas: number }[]>();

  constructor(private readonly cluster: Cluster) {}

  start() {
    this.stopTicker = this.cluster.clock.every(SYNC_MS, () => this.tick());
  }

  stop() {
    this.stopTicker();
  }

  tick() {
    for (const hpa of this.cluster.store.list(HPAS)) {
      try {
        this.sync(hpa);
      } catch {
        // Target missing or not scalable: reflected in conditions on the next pass.
      }
    }
  }

  private sync(hpa: any) {
    const ns = hpa.metadata.namespace;
    const ref = hpa.spec.scaleTargetRef ?? {};
    const t = findByKind(ref.apiVersion ?? 'apps/v1', ref.kind ?? 'Deployment');
    const now = this.cluster.clock.nowIso();
    const next = structuredClone(hpa);
    const status = (next.status ??= {});
    const target = t && this.cluster.store.peek(storageKey(t), ns, ref.name);
    if (!t || !target) {
      setCondition(status, { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${ref.kind?.toLowerCase()}s.apps "${ref.name}" not found` }, now);
      this.write(hpa, next);
      return;
    }
    const current = target.spec.replicas ?? 1;
    const min = hpa.spec.minReplicas ?? 1;
    if (current === 0 && min !== 0) {
      // Kubernetes (pkg/controller/podautoscaler/horizontal.go) treats a target scaled to
      // 0 as autoscaling switched off: it neither scales it up to minReplicas nor reads
      // metrics, and says so in ScalingActive. Whoever set 0 must scale it up again.
      status.currentReplicas = 0;
      status.desiredReplicas = 0;
      delete status.currentMetrics;
      setCondition(status, { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" }, now);
      setCondition(status, { type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' }, now);
      this.write(hpa, next);
      return;
    }
    const match = labelSelectorMatcher(target.spec.selector);
    const pods = this.cluster.store.list(PODS, ns).filter(p => match(p.metadata.labels) && p.status?.phase === 'Running' && isPodReady(p));
    let desired = current;
    const currentMetrics: any[] = [];
    let reason = '';
    for (const m of hpa.spec.metrics ?? []) {
      if (m.type !== 'Resource' || !pods.length) continue;
      const res = m.resource.name as 'cpu' | 'memory';
      let usage = 0;
      let request = 0;
      for (const p of pods) {
        for (const c of p.spec.containers) {
          usage += this.cluster.usage.containerUsage(p, c)[res];
          request += parseQuantity(c.resources?.requests?.[res] ?? 0);
        }
      }
      let ratio: number;
      if (m.resource.target.type === 'Utilization') {
        if (!request) continue;
        const utilization = Math.round((usage / request) * 100);
        ratio = utilization / m.resource.target.averageUtilization;
        currentMetrics.push({ type: 'Resource', resource: { name: res, current: { averageUtilization: utilization, averageValue: res === 'cpu' ? `${Math.round((usage / pods.length) * 1000)}m` : `${Math.round(usage / pods.length)}` } } });
      } else {
        const avg = usage / pods.length;
        ratio = avg / parseQuantity(m.resource.target.averageValue);
        currentMetrics.push({ type: 'Resource', resource: { name: res, current: { averageValue: res === 'cpu' ? `${Math.round(avg * 1000)}m` : `${Math.round(avg)}` } } });
      }
      if (Math.abs(ratio - 1) <= TOLERANCE) continue;
      const proposal = Math.ceil(pods.length * ratio);
      if (proposal > desired || desired === current) {
        desired = proposal;
        reason = `${res} resource${m.resource.target.type === 'Utilization' ? ' utilization (percentage of request)' : ''} ${ratio > 1 ? 'above' : 'below'} target`;
      }
    }
    const max = hpa.spec.maxReplicas;
    const clamped = Math.max(min, Math.min(max, desired));
    // Scale-down stabilisation: the highest recommendation of the window wins.
    const key = `${ns}/${hpa.metadata.name}`;
    const simNow = this.cluster.clock.simNow();
    const recs = (this.recommendations.get(key) ?? []).filter(r => simNow - r.at < DOWNSCALE_WINDOW_MS);
    recs.push({ at: simNow, replicas: clamped });
    this.recommendations.set(key, recs);
    const stabilised = clamped < current ? Math.max(...recs.map(r => r.replicas)) : clamped;
    const final = Math.min(stabilised, Math.max(current, clamped));
    status.currentReplicas = current;
    status.desiredReplicas = final;
    if (currentMetrics.length) status.currentMetrics = currentMetrics;
    setCondition(status, { type: 'AbleToScale', status: 'True', reason: final !== current ? 'SucceededRescale' : 'ReadyForNewScale', message: final !== current ? `the HPA controller was able to update the target scale to ${final}` : 'recommended size matches current size' }, now);
    setCondition(status, { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' }, now);
    setCondition(status, desired !== clamped
      ? { type: 'ScalingLimited', status: 'True', reason: desired > max ? 'TooManyReplicas' : 'TooFewReplicas', message: `the desired replica count is ${desired > max ? 'more' : 'less'} than the ${desired > max ? 'maximum' : 'minimum'} replica count` }
      : { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' }, now);
    if (final !== current) {
      this.cluster.api.patch(t, ns, ref.name, 'merge', { spec: { replicas: final } }, { manager: 'kube-controller-manager', subresource: 'scale' });
      status.lastScaleTime = now;
      this.cluster.events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${final}; reason: ${reason || 'All metrics below target'}`, COMPONENT);
    }
    this.write(hpa, next);
  }

  private write(hpa: any, next: any) {
    if (JSON.stringify(next.status) !== JSON.stringify(hpa.status)) this.cluster.api.writeInternal(RESOURCES.hpas, next);
  }
}
