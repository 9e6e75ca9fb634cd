import { errors } from './status';

/**
 * A small decoder for the Kubernetes protobuf encoding
 * (`application/vnd.kubernetes.protobuf`). kubectl's typed clients send
 * protobuf bodies for built-in kinds (`kubectl create deployment`,
 * `create namespace`, `create configmap`, `create job`…) and client-go does
 * not fall back to JSON, so the simulator decodes the fields those
 * generators set, following `k8s.io/api/*\/generated.proto`. Unknown fields
 * are skipped.
 */
type FieldType = 'string' | 'int' | 'bool' | 'bytes' | Schema | { map: 'string' | 'bytes' | Schema } | { intOrString: true };
interface Field {
  name: string;
  type: FieldType;
  repeated?: boolean;
}
type Schema = Record<number, Field>;

const f = (name: string, type: FieldType, repeated = false): Field => ({ name, type, repeated });

const Quantity: Schema = { 1: f('string', 'string') };
const IntOrString = { intOrString: true } as const;
const Time: Schema = {};
const OwnerReference: Schema = { 1: f('kind', 'string'), 3: f('name', 'string'), 4: f('uid', 'string'), 5: f('apiVersion', 'string'), 6: f('controller', 'bool'), 7: f('blockOwnerDeletion', 'bool') };
const ObjectMeta: Schema = {
  1: f('name', 'string'), 2: f('generateName', 'string'), 3: f('namespace', 'string'), 6: f('resourceVersion', 'string'),
  8: f('creationTimestamp', Time), 11: f('labels', { map: 'string' }), 12: f('annotations', { map: 'string' }),
  13: f('ownerReferences', OwnerReference, true), 14: f('finalizers', 'string', true),
};
const LabelSelector: Schema = {
  1: f('matchLabels', { map: 'string' }),
  2: f('matchExpressions', { 1: f('key', 'string'), 2: f('operator', 'string'), 3: f('values', 'string', true) }, true),
};
const ContainerPort: Schema = { 1: f('name', 'string'), 2: f('hostPort', 'int'), 3: f('containerPort', 'int'), 4: f('protocol', 'string'), 5: f('hostIP', 'string') };
const EnvVar: Schema = { 1: f('name', 'string'), 2: f('value', 'string') };
const Resources: Schema = { 1: f('limits', { map: Quantity }), 2: f('requests', { map: Quantity }) };
const Container: Schema = {
  1: f('name', 'string'), 2: f('image', 'string'), 3: f('command', 'string', true), 4: f('args', 'string', true),
  5: f('workingDir', 'string'), 6: f('ports', ContainerPort, true), 7: f('env', EnvVar, true), 8: f('resources', Resources),
  13: f('terminationMessagePath', 'string'), 14: f('imagePullPolicy', 'string'), 20: f('terminationMessagePolicy', 'string'),
};
const PodSpec: Schema = {
  2: f('containers', Container, true), 3: f('restartPolicy', 'string'), 4: f('terminationGracePeriodSeconds', 'int'),
  6: f('dnsPolicy', 'string'), 7: f('nodeSelector', { map: 'string' }), 8: f('serviceAccountName', 'string'),
  19: f('schedulerName', 'string'), 20: f('initContainers', Container, true),
};
const PodTemplateSpec: Schema = { 1: f('metadata', ObjectMeta), 2: f('spec', PodSpec) };
const DeploymentSpec: Schema = {
  1: f('replicas', 'int'), 2: f('selector', LabelSelector), 3: f('template', PodTemplateSpec),
  4: f('strategy', { 1: f('type', 'string'), 2: f('rollingUpdate', { 1: f('maxUnavailable', IntOrString), 2: f('maxSurge', IntOrString) }) }),
  5: f('minReadySeconds', 'int'), 6: f('revisionHistoryLimit', 'int'), 7: f('paused', 'bool'), 9: f('progressDeadlineSeconds', 'int'),
};
const JobSpec: Schema = {
  1: f('parallelism', 'int'), 2: f('completions', 'int'), 3: f('activeDeadlineSeconds', 'int'), 4: f('selector', LabelSelector),
  5: f('manualSelector', 'bool'), 6: f('template', PodTemplateSpec), 7: f('backoffLimit', 'int'), 8: f('ttlSecondsAfterFinished', 'int'),
};

const ResourceAttributes: Schema = { 1: f('namespace', 'string'), 2: f('verb', 'string'), 3: f('group', 'string'), 4: f('version', 'string'), 5: f('resource', 'string'), 6: f('subresource', 'string'), 7: f('name', 'string') };

const KINDS: Record<string, Schema> = {
  SelfSubjectAccessReview: { 1: f('metadata', ObjectMeta), 2: f('spec', { 1: f('resourceAttributes', ResourceAttributes), 2: f('nonResourceAttributes', { 1: f('path', 'string'), 2: f('verb', 'string') }) }) },
  SelfSubjectRulesReview: { 1: f('metadata', ObjectMeta), 2: f('spec', { 1: f('namespace', 'string') }) },
  Deployment: { 1: f('metadata', ObjectMeta), 2: f('spec', DeploymentSpec) },
  Namespace: { 1: f('metadata', ObjectMeta) },
  ConfigMap: { 1: f('metadata', ObjectMeta), 2: f('data', { map: 'string' }), 3: f('binaryData', { map: 'bytes' }), 4: f('immutable', 'bool') },
  Secret: { 1: f('metadata', ObjectMeta), 2: f('data', { map: 'bytes' }), 3: f('type', 'string'), 5: f('immutable', 'bool') },
  ServiceAccount: { 1: f('metadata', ObjectMeta) },
  Job: { 1: f('metadata', ObjectMeta), 2: f('spec', JobSpec) },
  CronJob: {
    1: f('metadata', ObjectMeta),
    2: f('spec', { 1: f('schedule', 'string'), 3: f('concurrencyPolicy', 'string'), 4: f('suspend', 'bool'), 5: f('jobTemplate', { 1: f('metadata', ObjectMeta), 2: f('spec', JobSpec) }) }),
  },
  Pod: { 1: f('metadata', ObjectMeta), 2: f('spec', PodSpec) },
  Service: {
    1: f('metadata', ObjectMeta),
    2: f('spec', { 1: f('ports', { 1: f('name', 'string'), 2: f('protocol', 'string'), 3: f('port', 'int'), 4: f('targetPort', IntOrString), 5: f('nodePort', 'int') }, true), 2: f('selector', { map: 'string' }), 3: f('clusterIP', 'string'), 4: f('type', 'string') }),
  },
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  }
  bytes(): Buffer {
    const n = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire: number) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function toInt32(n: number): number {
  return n > 2 ** 63 ? n - 2 ** 64 : n;
}

function decodeValue(r: Reader, wire: number, type: FieldType): unknown {
  if (type === 'string') return r.bytes().toString('utf8');
  if (type === 'bytes') return r.bytes().toString('base64');
  if (type === 'int') return toInt32(r.varint());
  if (type === 'bool') return r.varint() !== 0;
  const body = r.bytes();
  if ('intOrString' in type) {
    const m = decodeMessage(body, { 1: f('type', 'int'), 2: f('intVal', 'int'), 3: f('strVal', 'string') });
    return m.type === 1 ? m.strVal : m.intVal ?? 0;
  }
  if ('map' in type) {
    const m = decodeMessage(body, { 1: f('key', 'string'), 2: f('value', type.map) });
    return [m.key ?? '', m.value ?? ''];
  }
  void wire;
  return decodeMessage(body, type as Schema);
}

function decodeMessage(buf: Buffer, schema: Schema): any {
  const r = new Reader(buf);
  const out: any = {};
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = schema[Math.floor(tag / 8)];
    const wire = tag & 7;
    if (!field) {
      r.skip(wire);
      continue;
    }
    const v = decodeValue(r, wire, field.type);
    if (typeof field.type === 'object' && 'map' in field.type) {
      const [k, val] = v as [string, any];
      out[field.name] = { ...out[field.name], [k]: field.type.map === Quantity ? val.string : val };
      continue;
    }
    // Go's JSON omits empty strings and unset times (omitempty); proto2 encodes them.
    if (field.type === Time || (v === '' && !field.repeated)) continue;
    if (field.repeated) (out[field.name] ??= []).push(v);
    else out[field.name] = v;
  }
  return out;
}

/** Decodes a `k8s\0`-prefixed protobuf body into the JSON shape of the object. */
export function decodeProtobuf(body: Buffer): any {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\u0000') {
    throw errors.badRequest('protobuf body is missing the k8s magic prefix');
  }
  const unknown = decodeMessage(body.subarray(4), {
    1: f('typeMeta', { 1: f('apiVersion', 'string'), 2: f('kind', 'string') }),
    2: f('raw', 'bytes'),
  });
  const kind = unknown.typeMeta?.kind;
  const schema = KINDS[kind];
  if (!schema) {
    throw errors.unsupportedMediaType(`application/vnd.kubernetes.protobuf for kind ${kind}`);
  }
  const obj = decodeMessage(Buffer.from(unknown.raw ?? '', 'base64'), schema);
  return { apiVersion: unknown.typeMeta.apiVersion, kind, ...obj };
}
