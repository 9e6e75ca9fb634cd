import { serviceModelJsonSchema } from './jsonSchema';

describe('serviceModelJsonSchema', () => {
  const schema = serviceModelJsonSchema() as any;

  it('requires only the image and refuses unknown keys', () => {
    expect(schema.required).toEqual(['image']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('carries ranges and descriptions for editors', () => {
    expect(schema.properties.replicas).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 500,
    });
    expect(schema.properties.image.description).toMatch(/without tag/);
    const env = schema.properties.environments.additionalProperties;
    expect(env.properties.placement.additionalProperties).toMatchObject({
      type: 'integer',
      maximum: 100,
    });
  });
});
