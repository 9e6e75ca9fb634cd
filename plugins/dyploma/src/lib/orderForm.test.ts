import { buildOrder } from './orderForm';

const production = { name: 'production', requireReason: true };
const staging = { name: 'staging', requireReason: false };

describe('buildOrder', () => {
  it('makes an order the backend schema accepts', () => {
    expect(
      buildOrder('deploy', staging, {
        version: ' 1.4.2 ',
        replicas: '',
        reason: '',
      }),
    ).toEqual({
      ok: true,
      request: { kind: 'deploy', environment: 'staging', version: '1.4.2' },
    });
    expect(
      buildOrder('scale', production, {
        version: '',
        replicas: '30',
        reason: 'sale',
      }),
    ).toEqual({
      ok: true,
      request: {
        kind: 'scale',
        environment: 'production',
        replicas: 30,
        reason: 'sale',
      },
    });
  });

  it("names the field with the schema's message", () => {
    const result = buildOrder('scale', staging, {
      version: '',
      replicas: 'two',
      reason: '',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.replicas).toMatch(
      /expected a whole number from 0 to 500, got "two"/,
    );
  });

  it('asks for a reason where the environment requires one', () => {
    const result = buildOrder('restart', production, {
      version: '',
      replicas: '',
      reason: '  ',
    });
    expect(!result.ok && result.errors.reason).toBe(
      'required: orders in production must say why',
    );
  });

  it('requires a version to deploy', () => {
    const result = buildOrder('deploy', staging, {
      version: '',
      replicas: '',
      reason: '',
    });
    expect(!result.ok && result.errors.version).toMatch(/required/);
  });
});
