import { errors } from '../api/status';

/**
 * Label and field selectors, in both of the forms Kubernetes uses: the query
 * string syntax (`app=web,tier in (a,b),!canary`) and the `LabelSelector`
 * object of workload specs (matchLabels + matchExpressions).
 */
export type Labels = Record<string, string> | undefined;
export type Matcher = (labels: Labels) => boolean;

interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!exists' | '=' | '!=' | 'gt' | 'lt';
  values: string[];
}

function matches(req: Requirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
  const v = has ? labels![req.key] : undefined;
  switch (req.op) {
    case '=':
    case 'in':
      return has && req.values.includes(v!);
    case '!=':
    case 'notin':
      return !has || !req.values.includes(v!);
    case 'exists':
      return has;
    case '!exists':
      return !has;
    case 'gt':
      return has && Number(v) > Number(req.values[0]);
    case 'lt':
      return has && Number(v) < Number(req.values[0]);
    default:
      return false;
  }
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map(x => x.trim()).filter(x => x.length > 0);
}

export function parseLabelSelector(selector: string | undefined): Matcher {
  if (!selector || !selector.trim()) return () => true;
  const reqs: Requirement[] = splitTopLevel(selector).map(term => {
    let m = /^([^\s!=<>(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map(v => v.trim()) };
    }
    m = /^([^\s!=<>(),]+)\s*(==|=|!=|>|<)\s*([^\s,]*)$/.exec(term);
    if (m) {
      const op = ({ '=': '=', '==': '=', '!=': '!=', '>': 'gt', '<': 'lt' } as const)[m[2] as '=' | '==' | '!=' | '>' | '<'];
      return { key: m[1], op, values: [m[3]] };
    }
    m = /^(!?)([^\s!=<>(),]+)$/.exec(term);
    if (m) return { key: m[2], op: m[1] ? '!exists' : 'exists', values: [] };
    throw errors.badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
  });
  return labels => reqs.every(r => matches(r, labels));
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Matcher for a spec's LabelSelector. An empty selector matches everything. */
export function labelSelectorMatcher(sel: LabelSelector | undefined): Matcher {
  if (!sel) return () => false;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, op: '=', values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' }[e.operator] as Requirement['op'];
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return labels => reqs.every(r => matches(r, labels));
}

/** The query-string form of a LabelSelector, as kubectl prints and sends it. */
export function labelSelectorString(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

function fieldValue(obj: any, path: string): string {
  let cur = obj;
  for (const p of path.split('.')) cur = cur?.[p];
  if (cur === undefined || cur === null) return '';
  return String(cur);
}

const SUPPORTED_FIELDS: Record<string, string[]> = {
  '/pods': ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  '/events': ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  '/secrets': ['type'],
  '/nodes': ['spec.unschedulable'],
  '/namespaces': ['status.phase'],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
};

/** Field selectors: `metadata.name=x,status.phase!=Running`. */
export function parseFieldSelector(selector: string | undefined, storage: string, kind: string): (obj: any) => boolean {
  if (!selector || !selector.trim()) return () => true;
  const allowed = ['metadata.name', 'metadata.namespace', ...(SUPPORTED_FIELDS[storage] ?? [])];
  const reqs = selector.split(',').map(term => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term.trim());
    if (!m) throw errors.badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const field = m[1].trim();
    if (!allowed.includes(field)) {
      throw errors.badRequest(`field label not supported: ${field}`);
    }
    void kind;
    return { field, neg: m[2] === '!=', value: m[3].trim() };
  });
  return obj => reqs.every(r => (fieldValue(obj, r.field) === r.value) !== r.neg);
}
