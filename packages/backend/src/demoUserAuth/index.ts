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

import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { demoUserAuthenticator, signInAsCatalogUser } from './authenticator';

export { DEMO_USER_HEADER } from './authenticator';

/**
 * The demo's second identity: sign in as any user of the catalog (alice, carol, …) by
 * naming them, to see what a non-owner or a team member sees. INSECURE by design: no
 * password, anyone may claim anyone. It exists only where `auth.providers.demoUser` is
 * configured (the auth backend skips unconfigured providers), and answers only in
 * development (see the authenticator).
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'dyploma-demo-user-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'demoUser',
          factory: createProxyAuthProviderFactory({
            authenticator: demoUserAuthenticator,
            signInResolver: signInAsCatalogUser,
          }),
        });
      },
    });
  },
});
