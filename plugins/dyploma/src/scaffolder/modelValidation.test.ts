/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import {
  expectsNumber,
  modelFieldProblems,
  parseModelPath,
  serviceNameProblems,
  toFieldValue,
} from './modelValidation';

describe('form validation with the model schema', () => {
  it('reads model paths', () => {
    expect(parseModelPath('ports[0].port')).toEqual(['ports', 0, 'port']);
    expect(parseModelPath('resources.requests.cpu')).toEqual([
      'resources',
      'requests',
      'cpu',
    ]);
    expect(() => parseModelPath('ports[x]')).toThrow('not a model path');
  });

  it('knows from the model which fields are numbers', () => {
    expect(expectsNumber('replicas')).toBe(true);
    expect(expectsNumber('ports[0].port')).toBe(true);
    expect(expectsNumber('resources.requests.cpu')).toBe(false);
    expect(expectsNumber('cronJobs[0].schedule')).toBe(false);
    expect(toFieldValue('70000', true)).toBe(70000);
    expect(toFieldValue('two', true)).toBe('two');
    expect(toFieldValue('2', false)).toBe('2');
    expect(toFieldValue('', true)).toBeUndefined();
  });

  it.each([
    [
      'ports[0].port',
      70000,
      'ports[0].port: expected a port number from 1 to 65535, got 70000',
    ],
    [
      'replicas',
      'two',
      'replicas: expected a whole number from 0 to 500, got "two"',
    ],
    [
      'replicas',
      501,
      'replicas: expected a whole number from 0 to 500, got 501',
    ],
    ['resources.requests.cpu', '2 cores', 'resources.requests.cpu: '],
    ['cronJobs[0].schedule', 'every night', 'cronJobs[0].schedule: '],
  ])('refuses %s = %j with the backend message', (path, value, message) => {
    const problems = modelFieldProblems(path, value);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(message)).toBe(true);
  });

  it.each([
    ['ports[0].port', 8080],
    ['replicas', 0],
    ['resources.requests.cpu', '250m'],
    ['resources.limits.memory', '512Mi'],
    ['cronJobs[0].schedule', '0 3 * * *'],
    ['cronJobs[0].timeZone', 'Europe/Warsaw'],
  ])('lets %s = %j through', (path, value) => {
    expect(modelFieldProblems(path, value)).toEqual([]);
  });

  it('leaves an empty optional field alone', () => {
    expect(modelFieldProblems('replicas', undefined)).toEqual([]);
    expect(modelFieldProblems('replicas', '')).toEqual([]);
  });

  it('checks names as the catalog module does', () => {
    expect(serviceNameProblems('hello-api')).toEqual([]);
    const [problem] = serviceNameProblems('Hello_API');
    expect(problem).toMatch(
      /^metadata\.name: .*"Hello_API".*\(e\.g\. "hello-api"\)/,
    );
  });
});
