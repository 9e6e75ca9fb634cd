import { parseOrderActionRequest, parseOrderRequest } from './requests';
import { dyplomaPermissions } from '../permissions';

function messages(body: unknown): string[] {
  const result = parseOrderRequest(body);
  if (result.ok)
    throw new Error(`expected problems for ${JSON.stringify(body)}`);
  return result.problems.map(p => p.message);
}

describe('parseOrderRequest', () => {
  it('accepts every kind of order', () => {
    const bodies = [
      { kind: 'deploy', environment: 'production', version: '1.4.2' },
      {
        kind: 'deploy',
        environment: 'staging',
        version: `sha256:${'a'.repeat(64)}`,
        replicas: 0,
        reason: 'refund fix',
        idempotencyKey: 'c0ffee-1',
      },
      { kind: 'scale', environment: 'production', replicas: 500 },
      { kind: 'disable', environment: 'production' },
      { kind: 'enable', environment: 'production' },
      { kind: 'restart', environment: 'production' },
      { kind: 'rollback', environment: 'production' },
      { kind: 'rollback', environment: 'production', toRevision: 3 },
    ];
    for (const body of bodies) {
      expect(parseOrderRequest(body)).toEqual({ ok: true, value: body });
    }
  });

  it.each([
    [
      { kind: 'scale', environment: 'production', replicas: 'r12345' },
      'replicas: expected a whole number from 0 to 500, got "r12345"',
    ],
    [
      { kind: 'scale', environment: 'production', replicas: -1 },
      'replicas: expected a whole number from 0 to 500, got -1',
    ],
    [
      { kind: 'scale', environment: 'production', replicas: 1.5 },
      'replicas: expected a whole number from 0 to 500, got 1.5',
    ],
    [
      { kind: 'scale', environment: 'production', replicas: 2 ** 31 },
      'replicas: expected a whole number from 0 to 500, got 2147483648',
    ],
    [
      { kind: 'scale', environment: 'production', replicas: '3' },
      'replicas: expected a whole number from 0 to 500, got "3": write 3 without quotes',
    ],
    [
      { kind: 'scale', environment: 'production' },
      'replicas: required: expected a whole number from 0 to 500',
    ],
    [
      { kind: 'deploy', environment: 'production', version: 1.1 },
      'version: expected an image tag such as 1.4.2 or a digest such as sha256:<64 hex digits>, got 1.1: YAML and JSON numbers lose digits (1.10 becomes 1.1); send the version as text',
    ],
    [
      { kind: 'deploy', environment: 'production' },
      'version: required: expected an image tag such as 1.4.2 or a digest such as sha256:<64 hex digits>',
    ],
    [
      {
        kind: 'deploy',
        environment: 'production',
        version: '1.0',
        cluster: 'dc1',
      },
      'cluster: unknown field: the platform decides the clusters and the namespace from the service and the environment; send only the environment',
    ],
    [
      {
        kind: 'restart',
        environment: 'production',
        namespace: 'kube-system',
      },
      'namespace: unknown field: the platform decides the clusters and the namespace from the service and the environment; send only the environment',
    ],
    [
      { kind: 'scale', environment: 'production', replcias: 3 },
      'replcias: unknown field; did you mean "replicas"?',
    ],
    [
      { kind: 'deploi', environment: 'production' },
      'kind: expected one of deploy, scale, disable, enable, restart, rollback, got "deploi": did you mean "deploy"?',
    ],
    [
      { environment: 'production' },
      'kind: required: expected one of deploy, scale, disable, enable, restart, rollback',
    ],
    [
      { kind: 'restart', environment: 'Production' },
      'environment: expected an environment name such as production, got "Production": use lowercase letters, digits and "-", starting and ending with a letter or digit (e.g. "production")',
    ],
    [
      { kind: 'restart', environment: 'production', reason: 'x'.repeat(1001) },
      `reason: expected a reason of at most 1000 characters, got "${'x'.repeat(
        57,
      )}...": it is 1001 characters long; the limit is 1000`,
    ],
    [
      { kind: 'rollback', environment: 'production', toRevision: 0 },
      'toRevision: expected a release revision, a whole number from 1, got 0',
    ],
    [
      { kind: 'restart', environment: 'production', idempotencyKey: 'a b' },
      'idempotencyKey: expected an idempotency key of 1 to 200 letters, digits, ".", "_", ":" or "-", got "a b": a UUID or another printable token without spaces works',
    ],
    [
      [1, 2],
      'expected a JSON object such as {"kind": "deploy", "environment": "production", "version": "1.4.2"}, got a list',
    ],
  ])('refuses bad body %# with a field-pathed message', (body, message) => {
    expect(messages(body)).toContain(message);
  });

  it('reports every problem at once, each with its path', () => {
    const result = parseOrderRequest({
      kind: 'deploy',
      environment: 7,
      version: 'not a tag!',
      replicas: true,
      clusters: ['dc1'],
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map(p => p.path).sort()).toEqual([
      'clusters',
      'environment',
      'replicas',
      'version',
    ]);
  });
});

describe('parseOrderActionRequest', () => {
  it('accepts no body or a reason, refuses clusters', () => {
    expect(parseOrderActionRequest(undefined)).toEqual({ ok: true, value: {} });
    expect(parseOrderActionRequest({ reason: 'dc2 is back' })).toEqual({
      ok: true,
      value: { reason: 'dc2 is back' },
    });
    const bad = parseOrderActionRequest({ clusters: ['dc2'] });
    expect(!bad.ok && bad.problems[0].message).toMatch(
      /^clusters: unknown field: a retry touches exactly the clusters that failed/,
    );
  });
});

describe('dyplomaPermissions', () => {
  it('are resource permissions on catalog entities, except cost', () => {
    expect(
      dyplomaPermissions.map(p => [
        p.name,
        'resourceType' in p ? p.resourceType : undefined,
      ]),
    ).toEqual([
      ['dyploma.service.read', 'catalog-entity'],
      ['dyploma.service.deploy', 'catalog-entity'],
      ['dyploma.service.scale', 'catalog-entity'],
      ['dyploma.service.admin', 'catalog-entity'],
      ['dyploma.cost.read', undefined],
    ]);
  });
});
