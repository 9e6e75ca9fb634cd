import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { catalogModuleDyploma } from './module';

const entity = (
  name: string,
  dyploma: string,
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  owner: team-payments
  lifecycle: production
  dyploma:
${dyploma}
`;

/*
 * One broken model never disturbs the others: a catalog file with a good and
 * a bad service ingests the good one. A service whose model was never valid
 * is held back by the catalog (it publishes only processed entities); one
 * that breaks later keeps its last good version, with the errors shown on
 * it as processing errors (what the portal's entity page displays).
 */
describe('a broken model among good ones', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dyploma-catalog-'));
  const file = path.join(dir, 'catalog-info.yaml');

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the good entities, and shows a later break on the entity', async () => {
    fs.writeFileSync(
      file,
      [
        entity('ledger', '    image: registry.example.com/ledger'),
        entity(
          'payments',
          '    image: registry.example.com/payments\n    replicas: r12345',
        ),
      ].join('---\n'),
    );
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleDyploma,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component', 'Location'] }],
              locations: [{ type: 'file', target: file }],
            },
          },
        }),
      ],
    });

    const waitFor = async <T>(
      probe: () => Promise<T | undefined>,
    ): Promise<T> => {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const value = await probe();
        if (value !== undefined) return value;
        await new Promise(r => setTimeout(r, 200));
      }
      throw new Error('timed out');
    };
    const names = async () => {
      const res = await request(server).get(
        '/api/catalog/entities?filter=kind=component',
      );
      return (res.body as Array<{ metadata: { name: string } }>).map(
        e => e.metadata.name,
      );
    };
    const seen = await waitFor(async () => {
      const list = await names();
      return list.includes('ledger') ? list : undefined;
    });
    expect(seen).toEqual(['ledger']);

    // Now the good service breaks: it stays, and carries the error.
    fs.writeFileSync(
      file,
      entity(
        'ledger',
        '    image: registry.example.com/ledger\n    replicas: r12345',
      ),
    );
    const status = await waitFor(async () => {
      const res = await request(server).get(
        '/api/catalog/entities/by-name/component/default/ledger',
      );
      return res.body?.status?.items?.length
        ? res.body.status.items
        : undefined;
    });
    expect(status).toEqual([
      expect.objectContaining({
        type: 'backstage.io/catalog-processing',
        level: 'error',
        message:
          'InputError: spec.dyploma.replicas: expected a whole number from 0 to 500, got "r12345"',
      }),
    ]);
  }, 45_000);

  it('publishes a never-valid service with its errors when told to', async () => {
    fs.writeFileSync(
      file,
      entity(
        'payments',
        '    image: registry.example.com/payments\n    replicas: r12345',
      ),
    );
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleDyploma,
        mockServices.rootConfig.factory({
          data: {
            dyploma: { catalog: { invalidModels: 'publish' } },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component', 'Location'] }],
              locations: [{ type: 'file', target: file }],
            },
          },
        }),
      ],
    });
    const deadline = Date.now() + 20_000;
    let body: any;
    while (Date.now() < deadline) {
      const res = await request(server).get(
        '/api/catalog/entities/by-name/component/default/payments',
      );
      if (res.status === 200) {
        body = res.body;
        break;
      }
      await new Promise(r => setTimeout(r, 200));
    }
    expect(body.status.items).toEqual([
      expect.objectContaining({
        type: 'backstage.io/catalog-processing',
        level: 'error',
        message:
          'InputError: spec.dyploma.replicas: expected a whole number from 0 to 500, got "r12345"',
      }),
    ]);
  }, 30_000);
});
