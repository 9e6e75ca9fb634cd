import { Container } from 'kubernetes-models/v1/Container';
import { PodSpec } from 'kubernetes-models/v1/PodSpec';
import { describeValue, typeHint, ValueKind } from '../errors/describe';
import type { RawProblem } from '../errors/ModelProblem';
import type { PathSegment } from '../errors/path';
import { nearest } from '../errors/suggest';
import { KUBERNETES_FIELD_NAMES } from './kubernetesFieldNames';

/*
 * Checks the escape hatch (overrides.pod / overrides.container) against the
 * official Kubernetes schemas compiled into kubernetes-models. Those schemas
 * do not forbid unknown fields, so unknown fields are found by probing: a
 * field the schema knows rejects a value of an impossible type (a Symbol)
 * at its own path; a field it does not know ignores it.
 */

export type FragmentKind = 'pod' | 'container';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type ModelClass = new (data: unknown) => { validate(): void };

const MODELS: Record<
  FragmentKind,
  { model: ModelClass; schema: string; rootRequired: string }
> = {
  pod: {
    model: PodSpec as unknown as ModelClass,
    schema: 'PodSpec',
    rootRequired: 'containers',
  },
  container: {
    model: Container as unknown as ModelClass,
    schema: 'Container',
    rootRequired: 'name',
  },
};

/** Fields Dyploma sets itself; overriding them would make two sources of truth. */
const OWNED: Record<FragmentKind, Record<string, string>> = {
  pod: {
    containers:
      'Dyploma builds the service container; change its fields under overrides.container',
  },
  container: {
    name: 'Dyploma names the container after the service',
    image:
      'the image comes from spec.dyploma.image and the version of each release',
    ports: 'ports come from spec.dyploma.ports',
    resources: 'set them in spec.dyploma.resources',
    readinessProbe: 'set it in spec.dyploma.health.readiness',
    livenessProbe: 'set it in spec.dyploma.health.liveness',
    startupProbe: 'set it in spec.dyploma.health.startup',
  },
};

function schemaErrors(kind: FragmentKind, data: unknown): AjvError[] {
  try {
    const Model = MODELS[kind].model;
    new Model(data).validate();
    return [];
  } catch (e) {
    return ((e as { errors?: AjvError[] }).errors ?? []).filter(
      err => !(err.instancePath === '' && err.keyword === 'required'),
    );
  }
}

function pointer(path: readonly PathSegment[]): string {
  return path
    .map(p => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .join('');
}

function parsePointer(ptr: string, root: unknown): PathSegment[] {
  const out: PathSegment[] = [];
  let node: unknown = root;
  for (const raw of ptr.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: PathSegment =
      Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    out.push(seg);
    node =
      node && typeof node === 'object'
        ? (node as Record<string, unknown>)[key]
        : undefined;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node: unknown = root;
  for (const seg of path) {
    node =
      node && typeof node === 'object'
        ? (node as Record<PathSegment, unknown>)[seg]
        : undefined;
  }
  return node;
}

function withValue(
  root: unknown,
  path: readonly PathSegment[],
  value: unknown,
): unknown {
  const copy = JSON.parse(JSON.stringify(root));
  let node = copy;
  for (const seg of path.slice(0, -1)) node = node[seg];
  node[path[path.length - 1]] = value;
  return copy;
}

function isKnown(
  kind: FragmentKind,
  root: unknown,
  path: readonly PathSegment[],
): boolean {
  const at = pointer(path);
  return schemaErrors(kind, withValue(root, path, Symbol('probe'))).some(
    e => e.instancePath === at,
  );
}

function unknownFields(kind: FragmentKind, root: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  const walk = (node: unknown, path: PathSegment[]) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      const here = [...path, key];
      if (!isKnown(kind, root, here)) {
        const guesses = KUBERNETES_FIELD_NAMES.filter(
          n => nearest(key, [n]) !== undefined,
        );
        const guess = nearest(
          key,
          guesses.filter(n =>
            isKnown(kind, withValue(root, [...path, n], null), [...path, n]),
          ),
        );
        problems.push({
          path: here,
          text: guess
            ? `unknown field in the Kubernetes ${MODELS[kind].schema} schema; did you mean "${guess}"?`
            : `unknown field in the Kubernetes ${MODELS[kind].schema} schema`,
        });
      } else {
        walk((node as Record<string, unknown>)[key], here);
      }
    }
  };
  walk(root, []);
  return problems;
}

const HINT_KINDS: Record<string, ValueKind> = {
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
  string: 'text',
};

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
};

function errorText(kind: FragmentKind, err: AjvError, found: unknown): string {
  const schema = `the Kubernetes ${MODELS[kind].schema} schema`;
  switch (err.keyword) {
    case 'type': {
      const t = String(err.params.type);
      const hint = typeHint(HINT_KINDS[t] ?? 'other', found);
      return `expected ${TYPE_WORDS[t] ?? t} (${schema}), got ${describeValue(
        found,
      )}${hint ? `: ${hint}` : ''}`;
    }
    case 'enum': {
      const allowed = (err.params.allowedValues as unknown[]).map(String);
      const guess =
        typeof found === 'string' ? nearest(found, allowed) : undefined;
      return `expected one of ${allowed.join(
        ', ',
      )} (${schema}), got ${describeValue(found)}${
        guess ? `: did you mean "${guess}"?` : ''
      }`;
    }
    case 'format':
      return `expected a whole number that fits in ${
        err.params.format
      } (${schema}), got ${describeValue(found)}`;
    default:
      return `does not match ${schema}: ${err.message ?? err.keyword}`;
  }
}

/**
 * Problems of one override fragment, with paths relative to the fragment.
 * `fragment` must be a map (the model schema guarantees it).
 */
export function checkKubernetesFragment(
  kind: FragmentKind,
  fragment: Record<string, unknown>,
): RawProblem[] {
  const problems: RawProblem[] = [];
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fragment)) {
    const owned = OWNED[kind][key];
    if (owned)
      problems.push({ path: [key], text: `cannot be overridden: ${owned}` });
    else rest[key] = value;
  }
  const unknown = unknownFields(kind, rest);
  problems.push(...unknown);
  const unknownAt = new Set(unknown.map(p => pointer(p.path)));
  for (const err of schemaErrors(kind, rest)) {
    let ptr = err.instancePath;
    if (err.keyword === 'required')
      ptr += `/${String(err.params.missingProperty)}`;
    if ([...unknownAt].some(u => ptr === u || ptr.startsWith(`${u}/`)))
      continue;
    const path = parsePointer(ptr, rest);
    problems.push({
      path,
      text:
        err.keyword === 'required'
          ? `required by the Kubernetes ${MODELS[kind].schema} schema`
          : errorText(kind, err, valueAt(rest, path)),
    });
  }
  return problems;
}
