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

import { ApiException } from '@kubernetes/client-node';
import { classifyKubeError, KubeApplyError } from './errors';

const status = (code: number, reason: string, message: string) =>
  JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    reason,
    message,
  });

describe('classifyKubeError', () => {
  it.each([
    [429, 'TooManyRequests', true],
    [500, 'InternalError', true],
    [502, 'BadGateway', true],
    [503, 'ServiceUnavailable', true],
    [504, 'Timeout', true],
    [408, 'Timeout', true],
    [400, 'BadRequest', false],
    [403, 'Forbidden', false],
    [404, 'NotFound', false],
    [409, 'Conflict', false],
    [422, 'Invalid', false],
  ])(
    'HTTP %i (%s): retryable %s, Status message kept',
    (code, reason, retryable) => {
      const e = new ApiException(
        code,
        'Unsuccessful HTTP Request',
        status(code, reason, `msg ${code}`),
        {},
      );
      expect(classifyKubeError(e)).toEqual({
        retryable,
        status: code,
        reason,
        message: `msg ${code}`,
      });
    },
  );

  it('keeps Retry-After of a 429', () => {
    const e = new ApiException(
      429,
      'x',
      status(429, 'TooManyRequests', 'slow down'),
      { 'retry-after': '2' },
    );
    expect(classifyKubeError(e)).toMatchObject({
      retryable: true,
      retryAfterSeconds: 2,
    });
  });

  it('falls back to the body when it is not a Status', () => {
    const e = new ApiException(502, 'x', '<html>bad gateway</html>', {});
    expect(classifyKubeError(e)).toMatchObject({
      retryable: true,
      status: 502,
      message: 'HTTP 502: <html>bad gateway</html>',
    });
  });

  it('treats timeouts and connection errors as retryable, other errors not', () => {
    const abort = Object.assign(new Error('The operation was aborted.'), {
      name: 'AbortError',
      type: 'aborted',
    });
    expect(classifyKubeError(abort)).toMatchObject({
      retryable: true,
      reason: 'Timeout',
    });
    expect(
      classifyKubeError(new DOMException('timed out', 'TimeoutError')),
    ).toMatchObject({ retryable: true });
    const refused = Object.assign(
      new Error('request to https://x failed, reason: connect ECONNREFUSED'),
      {
        type: 'system',
        code: 'ECONNREFUSED',
      },
    );
    expect(classifyKubeError(refused)).toEqual({
      retryable: true,
      reason: 'ECONNREFUSED',
      message: refused.message,
    });
    const wrapped = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }),
    });
    expect(classifyKubeError(wrapped)).toMatchObject({
      retryable: true,
      reason: 'ECONNRESET',
    });
    expect(
      classifyKubeError(
        new Error('Unrecognized API version and kind: v9 Nope'),
      ),
    ).toEqual({
      retryable: false,
      message: 'Unrecognized API version and kind: v9 Nope',
    });
  });

  it('passes a KubeApplyError through', () => {
    const c = { retryable: true, status: 503, message: 'down' };
    const e = new KubeApplyError(
      'dc1',
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' },
      c,
      [],
    );
    expect(classifyKubeError(e)).toBe(c);
    expect(e.message).toBe('ConfigMap x on cluster dc1: down');
  });
});
