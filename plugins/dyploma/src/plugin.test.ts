import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  entityDyplomaCostCard,
  entityDyplomaDeployContent,
  entityDyplomaDeploymentsCard,
  entityDyplomaRuntimeContent,
  entityDyplomaTeamCostCard,
} from './alpha/entityContents';
import { entity, entityWithoutModel } from './__testUtils__';
import { dyplomaCostPage } from './alpha/pages';
import plugin, { isDyplomaAvailable } from './index';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments' },
  spec: { dyploma: {} },
};

describe('dyploma plugin', () => {
  it('is the dyploma frontend plugin', () => {
    expect(plugin.id).toBe('dyploma');
  });

  it('shows the Deploy tab only on components with spec.dyploma', () => {
    const tester = createExtensionTester(entityDyplomaDeployContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Deploy');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity)).toBe(true);
    expect(filter(entityWithoutModel)).toBe(false);
    expect(filter(group)).toBe(false);
  });

  it('shows the Runtime tab only on components with spec.dyploma', () => {
    const tester = createExtensionTester(entityDyplomaRuntimeContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Runtime');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity)).toBe(true);
    expect(filter(entityWithoutModel)).toBe(false);
  });

  it('shows the Deployments card on every service, to say how to start', () => {
    const tester = createExtensionTester(entityDyplomaDeploymentsCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity)).toBe(true);
    expect(filter(entityWithoutModel)).toBe(true);
    expect(filter(group)).toBe(false);
  });

  it('shows the Cost card only on components with spec.dyploma', () => {
    const tester = createExtensionTester(entityDyplomaCostCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity)).toBe(true);
    expect(filter(entityWithoutModel)).toBe(false);
    expect(filter(group)).toBe(false);
  });

  it('shows the Team cost card on groups', () => {
    const tester = createExtensionTester(entityDyplomaTeamCostCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(group)).toBe(true);
    expect(filter(entity)).toBe(false);
  });

  it('puts the Cost page in the navigation at /dyploma-cost', () => {
    const tester = createExtensionTester(dyplomaCostPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/dyploma-cost');
  });

  it('tells legacy apps which entities have a model', () => {
    expect(isDyplomaAvailable(entity)).toBe(true);
    expect(isDyplomaAvailable(entityWithoutModel)).toBe(false);
  });
});
