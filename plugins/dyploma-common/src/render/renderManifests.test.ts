import fs from 'fs';
import path from 'path';
import { stringify } from 'yaml';
import { GOOD_MODELS } from '../testUtils/goodModels';
import { validateKubernetesObject } from './kubernetesSchema';
import { renderManifests } from './renderManifests';
import { representativeInput } from './testing';
import type { KubernetesObject } from './types';

// Multi-document YAML, one file per representative service. The .golden
// extension keeps Prettier from reformatting them. Regenerate after an
// intended change with: UPDATE_GOLDEN=1 yarn test src/render
const GOLDEN = path.join(__dirname, '__golden__');

function toYaml(objects: KubernetesObject[]): string {
  return objects
    .map(o => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}

describe('renderManifests', () => {
  describe.each(GOOD_MODELS.map(g => [g.name] as const))('%s service', name => {
    const objects = renderManifests(representativeInput(name));

    it('matches its golden file', () => {
      const file = path.join(GOLDEN, `${name}.golden`);
      const text = toYaml(objects);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text);
      expect(text).toBe(fs.readFileSync(file, 'utf8'));
    });

    it('validates against the Kubernetes OpenAPI schemas', () => {
      for (const object of objects) {
        expect(() => validateKubernetesObject(object)).not.toThrow();
      }
    });

    it('is byte-identical for the same input', () => {
      const again = renderManifests(representativeInput(name));
      expect(JSON.stringify(again)).toBe(JSON.stringify(objects));
    });

    it('labels every object for Backstage and cost', () => {
      for (const o of objects) {
        expect(o.metadata.labels).toMatchObject({
          'app.kubernetes.io/managed-by': 'dyploma',
          'backstage.io/kubernetes-id':
            o.metadata.labels['app.kubernetes.io/name'],
          'app.kubernetes.io/version': '1.4.2',
        });
        expect(o.metadata.labels['dyploma.io/owner']).toBeTruthy();
      }
    });
  });

  it('renders the set of objects each kind of service needs', () => {
    const kinds = (name: string) =>
      renderManifests(representativeInput(name)).map(
        o => `${o.kind}/${o.metadata.name}`,
      );
    expect(kinds('minimal')).toEqual([
      'Service/ledger',
      'Deployment/ledger',
      'PodDisruptionBudget/ledger',
    ]);
    expect(kinds('rich')).toEqual([
      'ConfigMap/checkout-properties',
      'Service/checkout',
      'Deployment/checkout',
      'HorizontalPodAutoscaler/checkout',
      'PodDisruptionBudget/checkout',
      'Ingress/checkout',
      'CronJob/checkout-expire-carts',
    ]);
    expect(kinds('worker')).toEqual([
      'ConfigMap/search-indexer-properties',
      'Deployment/search-indexer',
      'PodDisruptionBudget/search-indexer',
      'CronJob/search-indexer-compact',
      'CronJob/search-indexer-full-reindex',
    ]);
  });
});
