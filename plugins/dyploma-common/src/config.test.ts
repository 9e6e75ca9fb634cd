import { ConfigReader } from '@backstage/config';
import { readModelConfig } from './config';

describe('readModelConfig', () => {
  it('reads defaults, registries and environments', () => {
    const config = new ConfigReader({
      dyploma: {
        defaults: { replicas: 2, resources: { limits: { memory: '512Mi' } } },
        allowedRegistries: ['registry.example.com'],
        environments: { production: { clusters: ['dc1', { name: 'dc2' }] } },
      },
    });
    expect(readModelConfig(config)).toEqual({
      defaults: { replicas: 2, resources: { limits: { memory: '512Mi' } } },
      allowedRegistries: ['registry.example.com'],
      environments: { production: { clusters: ['dc1', 'dc2'] } },
    });
  });

  it('works with no dyploma config at all', () => {
    expect(readModelConfig(new ConfigReader({}))).toEqual({
      defaults: {},
      allowedRegistries: [],
    });
  });

  it('stops on bad defaults with the config path', () => {
    const config = new ConfigReader({
      dyploma: { defaults: { replicas: 'two', resource: {} } },
    });
    expect(() => readModelConfig(config)).toThrow(
      [
        'dyploma.defaults.replicas: expected a whole number from 0 to 500, got "two"',
        'dyploma.defaults.resource: unknown field; did you mean "resources"?',
      ].join('\n'),
    );
  });
});
