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

import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { dyplomaPlugin } from './plugin';

describe('dyploma backend plugin', () => {
  it('starts, migrates its database and answers authenticated callers only', async () => {
    const { server } = await startTestBackend({
      features: [dyplomaPlugin],
    });

    await request(server)
      .get('/api/dyploma/health')
      .expect(200, { status: 'ok' });

    const anonymous = await request(server)
      .get('/api/dyploma/health')
      .set('Authorization', 'Bearer mock-none-token');
    expect(anonymous.status).toBe(401);
  });
});
