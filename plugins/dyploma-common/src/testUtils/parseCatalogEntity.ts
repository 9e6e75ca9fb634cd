import type { Entity } from '@backstage/catalog-model';
import { parse } from 'yaml';

/** Parses catalog-info.yaml text the way the catalog does (YAML 1.2). */
export function parseCatalogEntity(yaml: string): Entity {
  return parse(yaml) as Entity;
}
