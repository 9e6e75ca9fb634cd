import { ResourceType } from '../api/resourceType';
import { labelSelectorString } from '../store/selectors';
import { podStatusReason } from '../controllers/podStatus';

/**
 * Server-side printing (`Accept: …;as=Table`): the columns and cell
 * formats of `pkg/printers/internalversion/printers.go`, so `kubectl get`
 * prints what it prints against a real cluster.
 */
type Col = [name: string, type: string, priority?: number, format?: string];
type Printer = { cols: Col[]; row: (o: any, now: number) => unknown[] };

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

const age = (ts: string | undefined, now: number) => (ts ? humanDuration(now - Date.parse(ts)) : '<unknown>');
const none = (s: string | undefined) => (s ? s : '<none>');
const containers = (spec: any) => (spec?.containers ?? []).map((c: any) => c.name).join(',');
const images = (spec: any) => (spec?.containers ?? []).map((c: any) => c.image).join(',');

const NAME: Col = ['Name', 'string', 0, 'name'];
const AGE: Col = ['Age', 'string'];

const PRINTERS: Record<string, Printer> = {
  '/pods': {
    cols: [NAME, ['Ready', 'string'], ['Status', 'string'], ['Restarts', 'string'], AGE, ['IP', 'string', 1], ['Node', 'string', 1], ['Nominated Node', 'string', 1], ['Readiness Gates', 'string', 1]],
    row: (p, now) => {
      const cs: any[] = p.status?.containerStatuses ?? [];
      const ready = cs.filter(c => c.ready).length;
      const restarts = cs.reduce((n, c) => n + (c.restartCount ?? 0), 0);
      const lastRestart = cs.map(c => c.lastState?.terminated?.finishedAt).filter(Boolean).sort().pop();
      let restartsCell = String(restarts);
      if (restarts && lastRestart) restartsCell = `${restarts} (${age(lastRestart, now)} ago)`;
      return [p.metadata.name, `${ready}/${p.spec?.containers?.length ?? 0}`, podStatusReason(p), restartsCell, age(p.metadata.creationTimestamp, now), none(p.status?.podIP), none(p.spec?.nodeName), '<none>', '<none>'];
    },
  },
  'apps/deployments': {
    cols: [NAME, ['Ready', 'string'], ['Up-to-date', 'integer'], ['Available', 'integer'], AGE, ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row: (d, now) => [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0, age(d.metadata.creationTimestamp, now), containers(d.spec?.template?.spec), images(d.spec?.template?.spec), labelSelectorString(d.spec?.selector)],
  },
  'apps/replicasets': {
    cols: [NAME, ['Desired', 'integer'], ['Current', 'integer'], ['Ready', 'integer'], AGE, ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row: (r, now) => [r.metadata.name, r.spec?.replicas ?? 0, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(r.metadata.creationTimestamp, now), containers(r.spec?.template?.spec), images(r.spec?.template?.spec), labelSelectorString(r.spec?.selector)],
  },
  '/nodes': {
    cols: [NAME, ['Status', 'string'], ['Roles', 'string'], AGE, ['Version', 'string'], ['Internal-IP', 'string', 1], ['External-IP', 'string', 1], ['OS-Image', 'string', 1], ['Kernel-Version', 'string', 1], ['Container-Runtime', 'string', 1]],
    row: (n, now) => {
      const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
      let status = 'Unknown';
      if (ready) status = ready.status === 'True' ? 'Ready' : 'NotReady';
      if (n.spec?.unschedulable) status += ',SchedulingDisabled';
      const roles = Object.keys(n.metadata.labels ?? {}).filter(l => l.startsWith('node-role.kubernetes.io/')).map(l => l.slice(24));
      const addr = (t: string) => none((n.status?.addresses ?? []).find((a: any) => a.type === t)?.address);
      const info = n.status?.nodeInfo ?? {};
      return [n.metadata.name, status, roles.length ? roles.join(',') : '<none>', age(n.metadata.creationTimestamp, now), info.kubeletVersion ?? '', addr('InternalIP'), addr('ExternalIP'), info.osImage ?? '', info.kernelVersion ?? '', info.containerRuntimeVersion ?? ''];
    },
  },
  '/namespaces': {
    cols: [NAME, ['Status', 'string'], AGE],
    row: (n, now) => [n.metadata.name, n.status?.phase ?? 'Active', age(n.metadata.creationTimestamp, now)],
  },
  '/services': {
    cols: [NAME, ['Type', 'string'], ['Cluster-IP', 'string'], ['External-IP', 'string'], ['Port(s)', 'string'], AGE, ['Selector', 'string', 1]],
    row: (s, now) => [s.metadata.name, s.spec?.type, s.spec?.clusterIP ?? '<none>', s.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>', (s.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',') || '<none>', age(s.metadata.creationTimestamp, now), Object.entries(s.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'],
  },
  '/configmaps': {
    cols: [NAME, ['Data', 'integer'], AGE],
    row: (c, now) => [c.metadata.name, Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(c.metadata.creationTimestamp, now)],
  },
  '/secrets': {
    cols: [NAME, ['Type', 'string'], ['Data', 'integer'], AGE],
    row: (s, now) => [s.metadata.name, s.type, Object.keys(s.data ?? {}).length, age(s.metadata.creationTimestamp, now)],
  },
  '/serviceaccounts': {
    cols: [NAME, ['Secrets', 'integer'], AGE],
    row: (s, now) => [s.metadata.name, (s.secrets ?? []).length, age(s.metadata.creationTimestamp, now)],
  },
  '/events': {
    cols: [['Last Seen', 'string'], ['Type', 'string'], ['Reason', 'string'], ['Object', 'string'], ['Subobject', 'string', 1], ['Source', 'string', 1], ['Message', 'string'], ['First Seen', 'string', 1], ['Count', 'string', 1], ['Name', 'string', 1, 'name']],
    row: (e, now) => [age(e.lastTimestamp ?? e.eventTime, now), e.type, e.reason, `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name}`, e.involvedObject?.fieldPath ?? '', [e.source?.component, e.source?.host].filter(Boolean).join(', '), e.message, age(e.firstTimestamp, now), String(e.count ?? 1), e.metadata.name],
  },
  'batch/jobs': {
    cols: [NAME, ['Status', 'string'], ['Completions', 'string'], ['Duration', 'string'], AGE, ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row: (j, now) => {
      const cond = (t: string) => (j.status?.conditions ?? []).some((c: any) => c.type === t && c.status === 'True');
      let status = j.spec?.suspend ? 'Suspended' : 'Running';
      if (cond('Failed')) status = 'Failed';
      if (cond('Complete')) status = 'Complete';
      const start = j.status?.startTime ? Date.parse(j.status.startTime) : undefined;
      const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : now;
      return [j.metadata.name, status, `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1}`, start ? humanDuration(end - start) : '', age(j.metadata.creationTimestamp, now), containers(j.spec?.template?.spec), images(j.spec?.template?.spec), labelSelectorString(j.spec?.selector)];
    },
  },
  'batch/cronjobs': {
    cols: [NAME, ['Schedule', 'string'], ['Timezone', 'string'], ['Suspend', 'boolean'], ['Active', 'integer'], ['Last Schedule', 'string'], AGE],
    row: (c, now) => [c.metadata.name, c.spec?.schedule, c.spec?.timeZone ?? '<none>', !!c.spec?.suspend, (c.status?.active ?? []).length, c.status?.lastScheduleTime ? age(c.status.lastScheduleTime, now) : '<none>', age(c.metadata.creationTimestamp, now)],
  },
  'autoscaling/horizontalpodautoscalers': {
    cols: [NAME, ['Reference', 'string'], ['Targets', 'string'], ['MinPods', 'string'], ['MaxPods', 'integer'], ['Replicas', 'integer'], AGE],
    row: (h, now) => {
      const targets = (h.spec?.metrics ?? []).map((m: any, i: number) => {
        const cur = h.status?.currentMetrics?.[i]?.resource?.current?.averageUtilization;
        const tgt = m.resource?.target?.averageUtilization;
        return `${m.resource?.name}: ${cur === undefined ? '<unknown>' : `${cur}%`}/${tgt}%`;
      });
      return [h.metadata.name, `${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}`, targets.join(', ') || '<none>', String(h.spec?.minReplicas ?? 1), h.spec?.maxReplicas, h.status?.currentReplicas ?? 0, age(h.metadata.creationTimestamp, now)];
    },
  },
  'policy/poddisruptionbudgets': {
    cols: [NAME, ['Min Available', 'string'], ['Max Unavailable', 'string'], ['Allowed Disruptions', 'integer'], AGE],
    row: (p, now) => [p.metadata.name, p.spec?.minAvailable === undefined ? 'N/A' : String(p.spec.minAvailable), p.spec?.maxUnavailable === undefined ? 'N/A' : String(p.spec.maxUnavailable), p.status?.disruptionsAllowed ?? 0, age(p.metadata.creationTimestamp, now)],
  },
  'networking.k8s.io/ingresses': {
    cols: [NAME, ['Class', 'string'], ['Hosts', 'string'], ['Address', 'string'], ['Ports', 'string'], AGE],
    row: (i, now) => [i.metadata.name, i.spec?.ingressClassName ?? '<none>', (i.spec?.rules ?? []).map((r: any) => r.host ?? '*').join(',') || '*', '', i.spec?.tls ? '80, 443' : '80', age(i.metadata.creationTimestamp, now)],
  },
};

const DEFAULT_PRINTER: Printer = { cols: [NAME, ['Created At', 'date']], row: (o) => [o.metadata.name, o.metadata.creationTimestamp] };

function printerFor(storage: string): Printer {
  return PRINTERS[storage] ?? DEFAULT_PRINTER;
}

function rowObject(o: any, includeObject: string | null) {
  if (includeObject === 'Object') return o;
  if (includeObject === 'None') return undefined;
  return partialMetadata(o);
}

function partialMetadata(o: any) {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(storage: string, objects: any[], listMeta: any, includeObject: string | null) {
  const p = printerFor(storage);
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: p.cols.map(([name, type, priority = 0, format = '']) => ({ name, type, format, description: '', priority })),
    rows: objects.map(o => ({
      cells: p.row(o, now),
      object: rowObject(o, includeObject),
    })),
  };
}

export function tableStorage(t: ResourceType) {
  return t.viewOf ? `${t.viewOf.group}/${t.viewOf.plural}` : `${t.group}/${t.plural}`;
}
