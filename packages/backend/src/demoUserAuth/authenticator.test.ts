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

import { ConfigReader } from '@backstage/config';
import {
  DEMO_USER_HEADER,
  demoUserAuthenticator,
  signInAsCatalogUser,
} from './authenticator';

type Request = Parameters<typeof demoUserAuthenticator.authenticate>[0]['req'];

const request = (headers: Record<string, string>) =>
  ({
    header: (name: string) => headers[name.toLowerCase()],
  } as unknown as Request);

const contextOf = (config: object = {}) =>
  demoUserAuthenticator.initialize({ config: new ConfigReader(config) });

describe('demoUserAuthenticator', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('reads the chosen catalog user from the request header', async () => {
    process.env.NODE_ENV = 'development';
    const { result } = await demoUserAuthenticator.authenticate(
      { req: request({ [DEMO_USER_HEADER]: 'Carol' }) },
      contextOf(),
    );
    expect(result).toEqual({ name: 'carol', namespace: 'default' });
  });

  it('answers 400 naming the header when the name is missing or not a name', async () => {
    process.env.NODE_ENV = 'development';
    const cases: Record<string, string>[] = [
      {},
      { [DEMO_USER_HEADER]: 'user:default/x' },
    ];
    for (const headers of cases) {
      await expect(
        demoUserAuthenticator.authenticate(
          { req: request(headers) },
          contextOf(),
        ),
      ).rejects.toMatchObject({
        statusCode: 400,
        message: expect.stringContaining(`${DEMO_USER_HEADER}: expected`),
      });
    }
  });

  it('refuses outside development unless dangerously allowed', async () => {
    process.env.NODE_ENV = 'production';
    const req = request({ [DEMO_USER_HEADER]: 'carol' });
    await expect(
      demoUserAuthenticator.authenticate({ req }, contextOf()),
    ).rejects.toMatchObject({ statusCode: 403 });
    await expect(
      demoUserAuthenticator.authenticate(
        { req },
        contextOf({ dangerouslyAllowOutsideDevelopment: true }),
      ),
    ).resolves.toMatchObject({ result: { name: 'carol' } });
  });
});

describe('signInAsCatalogUser', () => {
  it("issues the catalog user's token, so their groups decide what they may do", async () => {
    const signInWithCatalogUser = jest.fn(async () => ({ token: 'token' }));
    const identity = await signInAsCatalogUser(
      { profile: {}, result: { name: 'carol', namespace: 'default' } },
      { signInWithCatalogUser } as any,
    );
    expect(identity).toEqual({ token: 'token' });
    expect(signInWithCatalogUser).toHaveBeenCalledWith({
      entityRef: { kind: 'User', name: 'carol', namespace: 'default' },
    });
  });
});
