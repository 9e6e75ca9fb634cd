import { randomBytes } from 'node:crypto';

/**
 * Defaulting the API server applies on write (SetDefaults_* in
 * `pkg/apis/<group>/v1/defaults.go`, plus the DefaultTolerationSeconds admission
 * plugin), so clients see the same fields a real cluster returns.
 */
type Defaulter = (obj: any, ctx: DefaultContext) => void;
export interface DefaultContext {
  allocateClusterIP(): string;
}

export function defaultPodSpec(spec: any) {
  if (!spec) return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    if (typeof c !== 'object' || c === null) continue;
    const image = String(c.image ?? '');
    const tagged = /:[^/]+$/.test(image.replace(/@.*$/, '')) || image.includes('@');
    c.imagePullPolicy ??= !tagged || image.endsWith(':latest') ? 'Always' : 'IfNotPresent';
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    for (const p of c.ports ?? []) if (p && typeof p === 'object') p.protocol ??= 'TCP';
  }
}

function podTemplate(t: any) {
  if (t?.spec) defaultPodSpec(t.spec);
}

const DEFAULTERS: Record<string, Defaulter> = {
  '/namespaces': ns => {
    ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name };
    ns.spec ??= { finalizers: ['kubernetes'] };
    ns.status ??= { phase: 'Active' };
  },
  '/pods': pod => {
    pod.spec ??= {};
    defaultPodSpec(pod.spec);
    pod.spec.serviceAccountName ??= 'default';
    pod.spec.serviceAccount ??= pod.spec.serviceAccountName;
    pod.spec.enableServiceLinks ??= true;
    pod.spec.priority ??= 0;
    pod.spec.preemptionPolicy ??= 'PreemptLowerPriority';
    const tol = (pod.spec.tolerations ??= []);
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
      if (!tol.some((t: any) => t.key === key)) {
        tol.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
      }
    }
    pod.status ??= { phase: 'Pending', qosClass: qosClass(pod.spec) };
  },
  '/services': (svc, ctx) => {
    svc.spec ??= {};
    svc.spec.type ??= 'ClusterIP';
    svc.spec.sessionAffinity ??= 'None';
    if (svc.spec.clusterIP !== 'None') svc.spec.clusterIP ??= ctx.allocateClusterIP();
    svc.spec.clusterIPs ??= [svc.spec.clusterIP];
    svc.spec.ipFamilies ??= ['IPv4'];
    svc.spec.ipFamilyPolicy ??= 'SingleStack';
    svc.spec.internalTrafficPolicy ??= 'Cluster';
    for (const p of svc.spec.ports ?? []) {
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
    }
    svc.status ??= { loadBalancer: {} };
  },
  '/secrets': s => {
    s.type ??= 'Opaque';
    if (s.stringData) {
      s.data = { ...s.data };
      for (const [k, v] of Object.entries(s.stringData)) s.data[k] = Buffer.from(String(v)).toString('base64');
      delete s.stringData;
    }
  },
  'apps/deployments': d => {
    d.spec ??= {};
    d.spec.replicas ??= 1;
    d.spec.strategy ??= { type: 'RollingUpdate' };
    if (d.spec.strategy.type === undefined) d.spec.strategy.type = 'RollingUpdate';
    if (d.spec.strategy.type === 'RollingUpdate') {
      d.spec.strategy.rollingUpdate ??= {};
      d.spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      d.spec.strategy.rollingUpdate.maxSurge ??= '25%';
    }
    d.spec.revisionHistoryLimit ??= 10;
    d.spec.progressDeadlineSeconds ??= 600;
    podTemplate(d.spec.template);
  },
  'apps/replicasets': rs => {
    rs.spec ??= {};
    rs.spec.replicas ??= 1;
    podTemplate(rs.spec.template);
  },
  'batch/jobs': job => {
    job.spec ??= {};
    job.spec.parallelism ??= 1;
    job.spec.completions ??= 1;
    job.spec.backoffLimit ??= 6;
    job.spec.completionMode ??= 'NonIndexed';
    job.spec.suspend ??= false;
    job.spec.podReplacementPolicy ??= 'TerminatingOrFailed';
    const uid = job.metadata.uid;
    if (!job.spec.selector && !job.spec.manualSelector) {
      job.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      job.spec.template ??= {};
      job.spec.template.metadata ??= {};
      job.spec.template.metadata.labels = {
        ...job.spec.template.metadata.labels,
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': job.metadata.name,
        'controller-uid': uid,
        'job-name': job.metadata.name,
      };
    }
    podTemplate(job.spec.template);
  },
  'batch/cronjobs': cj => {
    cj.spec ??= {};
    cj.spec.concurrencyPolicy ??= 'Allow';
    cj.spec.suspend ??= false;
    cj.spec.successfulJobsHistoryLimit ??= 3;
    cj.spec.failedJobsHistoryLimit ??= 1;
    podTemplate(cj.spec.jobTemplate?.spec?.template);
  },
  'autoscaling/horizontalpodautoscalers': hpa => {
    hpa.spec ??= {};
    hpa.spec.minReplicas ??= 1;
  },
};

export function applyDefaults(storage: string, obj: any, ctx: DefaultContext) {
  DEFAULTERS[storage]?.(obj, ctx);
}

export function qosClass(spec: any): string {
  const cs: any[] = spec?.containers ?? [];
  const anySet = cs.some(c => c?.resources?.requests || c?.resources?.limits);
  if (!anySet) return 'BestEffort';
  const guaranteed = cs.every(c => {
    const l = c?.resources?.limits ?? {};
    const r = c?.resources?.requests ?? l;
    return l.cpu && l.memory && String(r.cpu) === String(l.cpu) && String(r.memory) === String(l.memory);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Random suffix as `generateName` and the ReplicaSet controller use. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(n = 5): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
}
