import { StatusCause, errors } from './status';
import { isQuantity, parseQuantity } from '../util/quantity';
import { ResourceType } from './resourceType';
import { labelSelectorMatcher } from '../store/selectors';

/**
 * The validation a real API server does for our kinds (`pkg/apis/<group>/validation`),
 * with its messages and field paths. Two stages, as on a real server: decode
 * errors (wrong JSON types, malformed quantities) are 400 BadRequest;
 * semantic errors are 422 Invalid with one cause per field.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const MSG = {
  subdomain:
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  label:
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  dns1035:
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  labelValue:
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  qualifiedName:
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
};

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

class Causes {
  readonly list: StatusCause[] = [];
  invalid(field: string, value: unknown, detail: string) {
    this.list.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${show(value)}: ${detail}`, field });
  }
  required(field: string, detail = '') {
    this.list.push({ reason: 'FieldValueRequired', message: `Required value${detail ? `: ${detail}` : ''}`, field });
  }
  notSupported(field: string, value: unknown, supported: string[]) {
    this.list.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${show(value)}: supported values: ${supported.map(s => `"${s}"`).join(', ')}`,
      field,
    });
  }
  forbidden(field: string, detail: string) {
    this.list.push({ reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`, field });
  }
  immutable(field: string, value: unknown) {
    this.list.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${show(value)}: field is immutable`, field });
  }
}

function qualifiedKey(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
  const name = parts[parts.length - 1];
  if (parts.length === 2 && (!DNS1123_SUBDOMAIN.test(parts[0]) || parts[0].length > 253)) {
    return `prefix part ${MSG.subdomain}`;
  }
  if (!QUALIFIED_NAME.test(name)) return MSG.qualifiedName;
  if (name.length > 63) return 'name part must be no more than 63 characters';
  return undefined;
}

function validateMetadata(t: ResourceType, obj: any, c: Causes) {
  const md = obj.metadata ?? {};
  const name = md.name;
  if (!name) c.required('metadata.name', 'name or generateName is required');
  else {
    const dns1035 = t.kind === 'Service';
    const labelOnly = t.kind === 'Namespace' || dns1035;
    if (dns1035 && !DNS1035_LABEL.test(name)) c.invalid('metadata.name', name, MSG.dns1035);
    else if (labelOnly && !dns1035 && !DNS1123_LABEL.test(name)) c.invalid('metadata.name', name, MSG.label);
    else if (!labelOnly && !DNS1123_SUBDOMAIN.test(name)) c.invalid('metadata.name', name, MSG.subdomain);
    if (labelOnly && name.length > 63) c.invalid('metadata.name', name, 'must be no more than 63 characters');
    if (name.length > 253) c.invalid('metadata.name', name, 'must be no more than 253 characters');
  }
  for (const [k, v] of Object.entries(md.labels ?? {})) {
    const bad = qualifiedKey(k);
    if (bad) c.invalid('metadata.labels', k, bad);
    if (typeof v !== 'string' || !LABEL_VALUE.test(v)) c.invalid('metadata.labels', v, MSG.labelValue);
    else if (v.length > 63) c.invalid('metadata.labels', v, 'must be no more than 63 characters');
  }
  let annSize = 0;
  for (const [k, v] of Object.entries(md.annotations ?? {})) {
    const bad = qualifiedKey(k);
    if (bad) c.invalid('metadata.annotations', k, bad);
    annSize += k.length + String(v).length;
  }
  if (annSize > 256 * 1024) c.list.push({ reason: 'FieldValueTooLong', message: 'Too long: must have at most 262144 bytes', field: 'metadata.annotations' });
}

function validatePodSpec(spec: any, path: string, c: Causes) {
  if (!spec || typeof spec !== 'object') {
    c.required(path);
    return;
  }
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) c.required(`${path}.containers`);
  const names = new Set<string>();
  (Array.isArray(containers) ? containers : []).forEach((ct: any, i: number) => {
    const p = `${path}.containers[${i}]`;
    if (!ct?.name) c.required(`${p}.name`);
    else if (!DNS1123_LABEL.test(ct.name) || ct.name.length > 63) c.invalid(`${p}.name`, ct.name, MSG.label);
    else if (names.has(ct.name)) c.list.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${show(ct.name)}`, field: `${p}.name` });
    names.add(ct?.name);
    if (!ct?.image || !String(ct.image).trim()) c.required(`${p}.image`);
    (ct?.ports ?? []).forEach((port: any, j: number) => {
      const pp = `${p}.ports[${j}]`;
      const cp = port?.containerPort;
      if (cp === undefined) c.required(`${pp}.containerPort`);
      else if (!(Number.isInteger(cp) && cp >= 1 && cp <= 65535)) c.invalid(`${pp}.containerPort`, cp, 'must be between 1 and 65535, inclusive');
      if (port?.protocol && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) c.notSupported(`${pp}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']);
      if (port?.name !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(port.name)) {
        c.invalid(`${pp}.name`, port.name, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
      }
    });
    (ct?.env ?? []).forEach((e: any, j: number) => {
      if (!e?.name) c.required(`${p}.env[${j}].name`);
      else if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(e.name)) {
        c.invalid(`${p}.env[${j}].name`, e.name, "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')");
      }
    });
    const req = ct?.resources?.requests ?? {};
    const lim = ct?.resources?.limits ?? {};
    for (const [res, q] of Object.entries(req)) {
      if (parseQuantity(q as string) < 0) c.invalid(`${p}.resources.requests[${res}]`, q, 'must be greater than or equal to 0');
      if (lim[res] !== undefined && parseQuantity(q as string) > parseQuantity(lim[res])) {
        c.invalid(`${p}.resources.requests`, q, `must be less than or equal to ${res} limit of ${lim[res]}`);
      }
    }
  });
  if (spec.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    c.notSupported(`${path}.restartPolicy`, spec.restartPolicy, ['Always', 'Never', 'OnFailure']);
  }
}

function intOrPercent(v: unknown): boolean {
  return (Number.isInteger(v) && (v as number) >= 0) || (typeof v === 'string' && /^[0-9]+%$/.test(v));
}

function validateWorkloadSelector(spec: any, path: string, c: Causes) {
  const sel = spec?.selector;
  if (!sel || (!sel.matchLabels && !sel.matchExpressions)) {
    c.required(`${path}.selector`);
    return;
  }
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    c.invalid(`${path}.selector`, sel, 'empty selector is invalid for deployment');
  }
  const labels = spec.template?.metadata?.labels;
  if (!labelSelectorMatcher(sel)(labels)) {
    c.invalid(`${path}.template.metadata.labels`, labels ?? {}, '`selector` does not match template `labels`');
  }
}

function replicas(v: unknown, field: string, c: Causes) {
  if (v !== undefined && (v as number) < 0) c.invalid(field, v, 'must be greater than or equal to 0');
}

const KIND_RULES: Record<string, (obj: any, c: Causes, old?: any) => void> = {
  Pod: (o, c) => validatePodSpec(o.spec, 'spec', c),
  Deployment: (o, c, old) => {
    replicas(o.spec?.replicas, 'spec.replicas', c);
    validateWorkloadSelector(o.spec, 'spec', c);
    validatePodSpec(o.spec?.template?.spec, 'spec.template.spec', c);
    const st = o.spec?.strategy;
    if (st?.type && !['RollingUpdate', 'Recreate'].includes(st.type)) c.notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']);
    if (st?.type === 'Recreate' && st.rollingUpdate) c.forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\'');
    const ru = st?.rollingUpdate;
    if (ru) {
      if (!intOrPercent(ru.maxSurge)) c.invalid('spec.strategy.rollingUpdate.maxSurge', ru.maxSurge, 'must be an integer or percentage (e.g \'5%\')');
      if (!intOrPercent(ru.maxUnavailable)) c.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'must be an integer or percentage (e.g \'5%\')');
      const zero = (v: unknown) => v === 0 || v === '0%';
      if (zero(ru.maxSurge) && zero(ru.maxUnavailable)) {
        c.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0');
      }
    }
    if (o.spec?.revisionHistoryLimit !== undefined && o.spec.revisionHistoryLimit < 0) c.invalid('spec.revisionHistoryLimit', o.spec.revisionHistoryLimit, 'must be greater than or equal to 0');
    if (o.spec?.progressDeadlineSeconds !== undefined && o.spec.progressDeadlineSeconds <= (o.spec.minReadySeconds ?? 0)) {
      c.invalid('spec.progressDeadlineSeconds', o.spec.progressDeadlineSeconds, 'must be greater than minReadySeconds');
    }
    if (old && JSON.stringify(old.spec?.selector) !== JSON.stringify(o.spec?.selector)) c.immutable('spec.selector', o.spec?.selector);
  },
  ReplicaSet: (o, c) => {
    replicas(o.spec?.replicas, 'spec.replicas', c);
    validateWorkloadSelector(o.spec, 'spec', c);
    validatePodSpec(o.spec?.template?.spec, 'spec.template.spec', c);
  },
  Job: (o, c) => {
    validatePodSpec(o.spec?.template?.spec, 'spec.template.spec', c);
    const rp = o.spec?.template?.spec?.restartPolicy;
    if (rp === 'Always' || rp === undefined) c.notSupported('spec.template.spec.restartPolicy', rp ?? 'Always', ['OnFailure', 'Never']);
    for (const f of ['parallelism', 'completions', 'backoffLimit']) {
      if (o.spec?.[f] !== undefined && o.spec[f] < 0) c.invalid(`spec.${f}`, o.spec[f], 'must be greater than or equal to 0');
    }
  },
  CronJob: (o, c) => {
    if (!o.spec?.schedule) c.required('spec.schedule');
    if (!o.spec?.jobTemplate) c.required('spec.jobTemplate');
    else validatePodSpec(o.spec.jobTemplate.spec?.template?.spec, 'spec.jobTemplate.spec.template.spec', c);
    if (o.spec?.concurrencyPolicy && !['Allow', 'Forbid', 'Replace'].includes(o.spec.concurrencyPolicy)) {
      c.notSupported('spec.concurrencyPolicy', o.spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']);
    }
  },
  Service: (o, c) => {
    (o.spec?.ports ?? []).forEach((p: any, i: number) => {
      if (!(Number.isInteger(p?.port) && p.port >= 1 && p.port <= 65535)) c.invalid(`spec.ports[${i}].port`, p?.port, 'must be between 1 and 65535, inclusive');
      if (Number.isInteger(p?.targetPort) && !(p.targetPort >= 1 && p.targetPort <= 65535)) c.invalid(`spec.ports[${i}].targetPort`, p.targetPort, 'must be between 1 and 65535, inclusive');
    });
  },
  HorizontalPodAutoscaler: (o, c) => {
    if (!o.spec?.scaleTargetRef?.name) c.required('spec.scaleTargetRef.name');
    if (!(o.spec?.maxReplicas >= 1)) c.invalid('spec.maxReplicas', o.spec?.maxReplicas, 'must be greater than or equal to 1');
    if (o.spec?.minReplicas !== undefined && o.spec.minReplicas > o.spec.maxReplicas) c.invalid('spec.minReplicas', o.spec.minReplicas, 'must be less than or equal to maxReplicas');
  },
  PodDisruptionBudget: (o, c) => {
    if (o.spec?.minAvailable !== undefined && o.spec?.maxUnavailable !== undefined) c.invalid('spec', o.spec, 'minAvailable and maxUnavailable cannot be both set');
  },
};

const INT32 = 2 ** 31 - 1;

function goType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'array' : 'object';
}
/** Go struct decoding errors for the typed fields clients get wrong most often. */
const INT_FIELDS: Record<string, [string, string][]> = {
  Deployment: [['spec.replicas', 'DeploymentSpec.spec.replicas'], ['spec.revisionHistoryLimit', 'DeploymentSpec.spec.revisionHistoryLimit'], ['spec.minReadySeconds', 'DeploymentSpec.spec.minReadySeconds'], ['spec.progressDeadlineSeconds', 'DeploymentSpec.spec.progressDeadlineSeconds']],
  ReplicaSet: [['spec.replicas', 'ReplicaSetSpec.spec.replicas']],
  HorizontalPodAutoscaler: [['spec.minReplicas', 'HorizontalPodAutoscalerSpec.spec.minReplicas'], ['spec.maxReplicas', 'HorizontalPodAutoscalerSpec.spec.maxReplicas']],
  Job: [['spec.parallelism', 'JobSpec.spec.parallelism'], ['spec.completions', 'JobSpec.spec.completions'], ['spec.backoffLimit', 'JobSpec.spec.backoffLimit']],
  Scale: [['spec.replicas', 'ScaleSpec.spec.replicas']],
};

function get(obj: any, path: string) {
  return path.split('.').reduce((o, k) => o?.[k], obj);
}

function quantitiesIn(spec: any): unknown[] {
  const out: unknown[] = [];
  for (const ct of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    for (const group of ['requests', 'limits']) {
      for (const q of Object.values(ct?.resources?.[group] ?? {})) out.push(q);
    }
  }
  return out;
}

/** 400 errors a real server gives while decoding the JSON into Go types. */
export function checkDecodable(kind: string, version: string, obj: any) {
  const prefix = `${kind} in version "${version}" cannot be handled as a ${kind}`;
  for (const [path, goField] of INT_FIELDS[kind] ?? []) {
    const v = get(obj, path);
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number') {
      throw errors.badRequest(`${prefix}: json: cannot unmarshal ${goType(v)} into Go struct field ${goField} of type int32`);
    }
    if (!Number.isInteger(v) || v > INT32 || v < -INT32 - 1) {
      throw errors.badRequest(`${prefix}: json: cannot unmarshal number ${v} into Go struct field ${goField} of type int32`);
    }
  }
  const specs = [obj?.spec, obj?.spec?.template?.spec, obj?.spec?.jobTemplate?.spec?.template?.spec];
  for (const s of specs) {
    for (const q of quantitiesIn(s)) {
      if (!isQuantity(q)) {
        throw errors.badRequest(`${prefix}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
      }
    }
  }
  const md = obj?.metadata;
  for (const f of ['labels', 'annotations']) {
    for (const v of Object.values(md?.[f] ?? {})) {
      if (typeof v !== 'string') {
        throw errors.badRequest(`${prefix}: json: cannot unmarshal ${typeof v} into Go struct field ObjectMeta.metadata.${f} of type string`);
      }
    }
  }
}

/** Throws 422 Invalid with every problem found, as a real server does. */
export function validate(t: ResourceType, obj: any, old?: any) {
  const c = new Causes();
  validateMetadata(t, obj, c);
  KIND_RULES[t.kind]?.(obj, c, old);
  if (c.list.length) throw errors.invalid(t.kind, t.group, obj.metadata?.name ?? '', c.list);
}
