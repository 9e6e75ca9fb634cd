import { formatPath, PathSegment } from '../errors/path';
import type { Provenance, ValueSource } from './types';

/** One level of settings: built-in defaults, app-config, service, environment. */
export interface Layer {
  source: ValueSource;
  /** Describes where a value at `path` (e.g. `replicas`) was written. */
  origin: (path: string) => string;
  value: Record<string, unknown> | undefined;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function forget(provenance: Map<string, Provenance>, path: string) {
  for (const key of [...provenance.keys()]) {
    if (
      key === path ||
      key.startsWith(`${path}.`) ||
      key.startsWith(`${path}[`)
    ) {
      provenance.delete(key);
    }
  }
}

function remember(
  provenance: Map<string, Provenance>,
  path: PathSegment[],
  value: unknown,
  layer: Layer,
) {
  const key = formatPath(path);
  if (Array.isArray(value)) {
    provenance.set(key, { source: layer.source, from: layer.origin(key) });
    value.forEach((item, i) => remember(provenance, [...path, i], item, layer));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) remember(provenance, [...path, k], v, layer);
    }
  } else {
    provenance.set(key, { source: layer.source, from: layer.origin(key) });
  }
}

function mergeInto(
  target: Record<string, unknown>,
  value: Record<string, unknown>,
  path: PathSegment[],
  layer: Layer,
  provenance: Map<string, Provenance>,
) {
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const here = [...path, k];
    if (isPlainObject(v)) {
      if (!isPlainObject(target[k])) {
        forget(provenance, formatPath(here));
        target[k] = {};
      }
      mergeInto(
        target[k] as Record<string, unknown>,
        v,
        here,
        layer,
        provenance,
      );
    } else {
      // Lists and single values replace what lower layers said.
      forget(provenance, formatPath(here));
      target[k] = clone(v);
      remember(provenance, here, v, layer);
    }
  }
}

/**
 * Merges layers, later ones winning: maps merge key by key, lists and
 * single values replace. Records, for each value, the layer it came from.
 */
export function mergeLayers(layers: readonly Layer[]): {
  value: Record<string, unknown>;
  provenance: Map<string, Provenance>;
} {
  const value: Record<string, unknown> = {};
  const provenance = new Map<string, Provenance>();
  for (const layer of layers) {
    if (layer.value) mergeInto(value, layer.value, [], layer, provenance);
  }
  return { value, provenance };
}
