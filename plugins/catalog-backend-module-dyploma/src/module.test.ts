import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  BAD_MODELS,
  CORPUS_CONTEXT,
  GOOD_MODELS,
  badModelEntityYaml,
  parseCatalogEntity,
} from '@dyploma/plugin-dyploma-common/testUtils';
import request from 'supertest';
import { catalogModuleDyploma } from './module';

/*
 * The real catalog backend with this module, answering
 * POST /api/catalog/validate-entity for every model of the corpus.
 */
describe('catalog with the Dyploma module', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleDyploma,
        mockServices.rootConfig.factory({
          data: {
            // The same platform the corpus is checked against.
            dyploma: JSON.parse(
              JSON.stringify({
                allowedRegistries: CORPUS_CONTEXT.allowedRegistries,
                environments: CORPUS_CONTEXT.environments,
              }),
            ),
          },
        }),
      ],
    }));
  }, 60_000);

  const validate = (entity: unknown) =>
    request(server)
      .post('/api/catalog/validate-entity')
      .send({ entity, location: 'url:https://example.com/catalog-info.yaml' });

  it.each(BAD_MODELS.map(b => [b.name, b] as const))(
    'answers 400 for %s',
    async (_name, bad) => {
      const res = await validate(parseCatalogEntity(badModelEntityYaml(bad)));
      expect(res.status).toBe(400);
      expect(
        res.body.errors.map((e: { message: string }) => e.message),
      ).toEqual(bad.messages);
      expect(
        res.body.errors.every((e: { name: string }) => e.name === 'InputError'),
      ).toBe(true);
    },
  );

  it.each(GOOD_MODELS.map(g => [g.name, g] as const))(
    'answers 200 for the %s service',
    async (_name, good) => {
      const res = await validate(parseCatalogEntity(good.entity));
      expect(res.status).toBe(200);
    },
  );
});
