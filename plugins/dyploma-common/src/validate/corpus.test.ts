import type { Entity } from '@backstage/catalog-model';
import { parse } from 'yaml';
import { BAD_MODELS, CORPUS_CONTEXT, badModelEntityYaml } from '../testUtils';
import { validateServiceEntity } from './validateServiceEntity';

describe('the corpus of bad models', () => {
  it('has at least 40 mistakes, each with its own name', () => {
    expect(BAD_MODELS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BAD_MODELS.map(b => b.name)).size).toBe(BAD_MODELS.length);
  });

  it.each(BAD_MODELS.map(b => [b.name, b] as const))('%s', (_name, bad) => {
    // Parsed as the catalog parses catalog-info.yaml (YAML 1.2).
    const entity = parse(badModelEntityYaml(bad)) as Entity;
    const result = validateServiceEntity(entity, CORPUS_CONTEXT);
    expect(result.ok ? [] : result.problems.map(p => p.message)).toEqual(
      bad.messages,
    );
  });
});
