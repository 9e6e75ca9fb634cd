import { dyplomaPlugin } from './plugin';

describe('dyploma', () => {
  it('should export plugin', () => {
    expect(dyplomaPlugin).toBeDefined();
  });
});
