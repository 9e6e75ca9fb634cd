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

import { discoveryApiRef, IdentityApi } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DemoSignInPage, SIGN_IN_CHOICE_KEY } from './DemoSignInPage';

const users = [
  { name: 'alice', description: 'Alice Levi, team-payments' },
  { name: 'carol', description: 'Carol Mizrahi, team-checkout' },
];

// A token shaped like a JWT: the page reads its expiry to know when to refresh.
const token = `e30.${btoa(
  JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 }),
)}.signature`;

const session = (user: string) => ({
  profile: { displayName: user },
  backstageIdentity: {
    token,
    identity: {
      type: 'user',
      userEntityRef: `user:default/${user}`,
      ownershipEntityRefs: [`user:default/${user}`],
    },
  },
});

// The auth backend is not running here: fetch answers as its refresh endpoint would.
const fetchMock = jest.fn();

function renderPage(onSignInSuccess: (identity: IdentityApi) => void) {
  return renderInTestApp(
    <DemoSignInPage onSignInSuccess={onSignInSuccess} users={users} />,
    {
      config: { app: { title: 'Demo' } },
      apis: [
        [
          discoveryApiRef,
          mockApis.discovery({ baseUrl: 'http://backend.test' }),
        ],
      ],
    },
  );
}

describe('DemoSignInPage', () => {
  beforeEach(() => {
    window.localStorage.clear();
    fetchMock.mockReset();
    global.fetch = fetchMock;
  });

  it('offers the guest and each demo user, and signs in as the one picked', async () => {
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify(session('carol')), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(screen.getByText('Alice Levi, team-payments')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Sign in as carol' }),
    );
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://backend.test/api/auth/demoUser/refresh');
    expect(new Headers(init.headers).get('x-dyploma-demo-user')).toBe('carol');
    const identity: IdentityApi = onSignInSuccess.mock.calls[0][0];
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/carol',
    );
    // Remembered for the next visit, forgotten on sign-out.
    expect(window.localStorage.getItem(SIGN_IN_CHOICE_KEY)).toBe('carol');
    await identity.signOut();
    expect(window.localStorage.getItem(SIGN_IN_CHOICE_KEY)).toBeNull();
  });

  it('uses the guest provider for Enter', async () => {
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify(session('guest')), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);
    await userEvent.click(screen.getByRole('button', { name: 'Enter' }));
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(fetchMock.mock.calls[0][0]).toBe(
      'http://backend.test/api/auth/guest/refresh',
    );
  });

  it('offers the choice again, with the reason, when signing in fails', async () => {
    window.localStorage.setItem(SIGN_IN_CHOICE_KEY, 'mallory');
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'User not found' },
          response: { statusCode: 404 },
        }),
        { status: 404, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Could not sign in: .*User not found/,
    );
    expect(
      screen.getByRole('button', { name: 'Sign in as alice' }),
    ).toBeInTheDocument();
    expect(window.localStorage.getItem(SIGN_IN_CHOICE_KEY)).toBeNull();
    expect(onSignInSuccess).not.toHaveBeenCalled();
  });
});
