import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import type { Cluster, Controller } from '../cluster/Cluster';
import { labelSelectorMatcher } from '../store/selectors';
import { isPodReady } from './podStatus';
import { resolveIntOrPercent } from './deploymentController';

const PDBS = storageKey(RESOURCES.pdbs);
const PODS = storageKey(RESOURCES.pods);

/**
 * The disruption controller: keeps a PodDisruptionBudget's
 * currentHealthy/desiredHealthy/disruptionsAllowed up to date, which the
 * eviction subresource checks.
 */
export class DisruptionController implements Controller {
  private unsubscribe = () => {};
  private pending = false;

  constructor(private readonly cluster: Cluster) {}

  start() {
    this.unsubscribe = this.cluster.store.subscribe(c => {
      if (c.resource !== PODS && c.resource !== PDBS) return;
      if (c.resource === PODS && this.cluster.store.count(PDBS) === 0) return;
      if (!this.pending) {
        this.pending = true;
        setImmediate(() => {
          this.pending = false;
          this.syncAll();
        });
      }
    });
  }

  stop() {
    this.unsubscribe();
  }

  private syncAll() {
    for (const pdb of this.cluster.store.list(PDBS)) {
      const match = labelSelectorMatcher(pdb.spec?.selector);
      const pods = this.cluster.store.list(PODS, pdb.metadata.namespace).filter(p => match(p.metadata.labels) && !p.metadata.deletionTimestamp);
      const healthy = pods.filter(isPodReady).length;
      const expected = pods.length;
      let desired: number;
      if (pdb.spec?.minAvailable !== undefined) desired = resolveIntOrPercent(pdb.spec.minAvailable, expected, true);
      else desired = expected - resolveIntOrPercent(pdb.spec?.maxUnavailable ?? 0, expected, true);
      const status = {
        observedGeneration: pdb.metadata.generation,
        disruptionsAllowed: Math.max(0, healthy - desired),
        currentHealthy: healthy,
        desiredHealthy: desired,
        expectedPods: expected,
        conditions: pdb.status?.conditions,
      };
      const sufficient = status.disruptionsAllowed > 0;
      status.conditions = [{
        type: 'DisruptionAllowed',
        status: sufficient ? 'True' : 'False',
        reason: sufficient ? 'SufficientPods' : 'InsufficientPods',
        message: '',
        observedGeneration: pdb.metadata.generation,
        lastTransitionTime: pdb.status?.conditions?.[0]?.status === (sufficient ? 'True' : 'False') ? pdb.status.conditions[0].lastTransitionTime : this.cluster.clock.nowIso(),
      }];
      if (JSON.stringify(status) !== JSON.stringify(pdb.status)) {
        this.cluster.api.writeInternal(RESOURCES.pdbs, { ...structuredClone(pdb), status });
      }
    }
  }
}
