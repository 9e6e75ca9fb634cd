import { parseServiceModel } from '../validate/validateServiceModel';
import { resolveEffectiveModel } from './resolve';

const service = { name: 'payments', owner: 'group:default/team-payments' };

describe('resolveEffectiveModel', () => {
  it('gives the minimal model sane defaults, and says so', () => {
    const model = parseServiceModel({ image: 'registry.example.com/payments' });
    const { model: eff, provenance } = resolveEffectiveModel({
      service,
      model,
      environment: 'production',
    });
    expect(eff.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'http', public: false },
    ]);
    expect(eff.replicas).toBe(1);
    expect(eff.resources).toEqual({
      requests: { cpu: '100m', memory: '256Mi' },
      limits: { memory: '256Mi' },
    });
    expect(eff.health.readiness).toMatchObject({ type: 'tcp', port: 8080 });
    expect(eff.metrics).toEqual({ port: 8080, path: '/metrics' });
    expect(eff.service.costCentre).toBe('team-payments');
    expect(provenance['resources.limits.memory']).toEqual({
      source: 'default',
      from: 'built-in default',
    });
    expect(provenance.ports).toEqual({
      source: 'default',
      from: 'built-in default (the model names no ports)',
    });
    expect(provenance['health.readiness.port']).toEqual({
      source: 'default',
      from: 'the first port, http (8080)',
    });
  });

  it('layers app-config defaults, the service and the environment', () => {
    const model = parseServiceModel({
      image: 'registry.example.com/payments',
      resources: { limits: { memory: '1Gi' } },
      properties: { values: { LOG_LEVEL: 'info', REGION: 'eu' } },
      environments: {
        production: {
          resources: { limits: { memory: '2Gi' } },
          properties: { values: { LOG_LEVEL: 'warn' } },
        },
      },
    });
    const defaults = { replicas: 2, resources: { requests: { cpu: '200m' } } };
    const production = resolveEffectiveModel({
      service,
      model,
      environment: 'production',
      defaults,
    });
    expect(production.model.replicas).toBe(2);
    expect(production.model.resources).toEqual({
      requests: { cpu: '200m', memory: '256Mi' },
      limits: { memory: '2Gi' },
    });
    expect(production.model.properties.values).toEqual({
      LOG_LEVEL: 'warn',
      REGION: 'eu',
    });
    expect(production.provenance).toMatchObject({
      replicas: {
        source: 'default',
        from: 'app-config dyploma.defaults.replicas',
      },
      'resources.requests.cpu': {
        source: 'default',
        from: 'app-config dyploma.defaults.resources.requests.cpu',
      },
      'resources.requests.memory': {
        source: 'default',
        from: 'built-in default',
      },
      'resources.limits.memory': {
        source: 'environment',
        from: 'spec.dyploma.environments.production.resources.limits.memory',
      },
      'properties.values.LOG_LEVEL': {
        source: 'environment',
        from: 'spec.dyploma.environments.production.properties.values.LOG_LEVEL',
      },
      'properties.values.REGION': {
        source: 'service',
        from: 'spec.dyploma.properties.values.REGION',
      },
    });

    const staging = resolveEffectiveModel({
      service,
      model,
      environment: 'staging',
      defaults,
    });
    expect(staging.model.resources.limits.memory).toBe('1Gi');
    expect(staging.provenance['resources.limits.memory']).toEqual({
      source: 'service',
      from: 'spec.dyploma.resources.limits.memory',
    });
  });

  it('replaces lists as a whole and forgets what they replaced', () => {
    const model = parseServiceModel({
      image: 'registry.example.com/payments',
      secrets: [{ name: 'a' }, { name: 'b' }],
      environments: { production: { secrets: [{ name: 'c' }] } },
    });
    const { model: eff, provenance } = resolveEffectiveModel({
      service,
      model,
      environment: 'production',
    });
    expect(eff.secrets).toEqual([{ name: 'c' }]);
    expect(provenance['secrets[1].name']).toBeUndefined();
    expect(provenance['secrets[0].name'].source).toBe('environment');
  });

  it('turns autoscaling on only with max, and off per environment', () => {
    const model = parseServiceModel({
      image: 'registry.example.com/payments',
      autoscaling: { min: 2, max: 6 },
      environments: { staging: { autoscaling: { enabled: false } } },
    });
    expect(
      resolveEffectiveModel({ service, model, environment: 'production' }).model
        .autoscaling,
    ).toEqual({
      min: 2,
      max: 6,
      cpu: 70,
    });
    expect(
      resolveEffectiveModel({ service, model, environment: 'staging' }).model
        .autoscaling,
    ).toBeUndefined();
  });

  it('lets startup run the liveness check, and drops checks without a port', () => {
    const model = parseServiceModel({
      image: 'registry.example.com/payments',
      health: { liveness: { path: '/live' } },
    });
    const eff = resolveEffectiveModel({ service, model }).model;
    expect(eff.health.startup).toMatchObject({
      type: 'http',
      path: '/live',
      port: 8080,
      failureThreshold: 60,
    });

    const worker = parseServiceModel({
      image: 'registry.example.com/worker',
      ports: [],
    });
    const w = resolveEffectiveModel({ service, model: worker }).model;
    expect(w.health).toEqual({});
    expect(w.metrics).toBeUndefined();
  });
});
