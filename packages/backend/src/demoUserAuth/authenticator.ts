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
  createProxyAuthenticator,
  SignInResolver,
} from '@backstage/plugin-auth-node';

/**
 * The request header carrying the catalog user the demo's sign-in page picked. Anyone
 * can send it: this provider is for the demo, never for a portal people rely on.
 */
export const DEMO_USER_HEADER = 'x-dyploma-demo-user';

/** A catalog User name (a DNS-1123-like entity name). */
const USER_NAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/i;

/**
 * An error the backend's error middleware answers with `statusCode` and `name`, as it
 * would @backstage/errors' classes (not a dependency of this package).
 */
function httpError(statusCode: 400 | 403, name: string, message: string) {
  return Object.assign(new Error(message), { name, statusCode });
}

/** What the authenticator read from the request. */
export interface DemoUserResult {
  /** The chosen user's name, in the namespace of `namespace`. */
  name: string;
  namespace: string;
}

interface DemoUserContext {
  enabled: boolean;
  namespace: string;
}

/**
 * Signs in as whichever catalog user the request names in {@link DEMO_USER_HEADER},
 * with no password: the demo's way to see the portal as a non-admin. Like Backstage's
 * guest provider it refuses to work outside development unless
 * `dangerouslyAllowOutsideDevelopment` is set.
 */
export const demoUserAuthenticator = createProxyAuthenticator<
  DemoUserContext,
  DemoUserResult,
  undefined
>({
  async defaultProfileTransform(result, ctx) {
    // The profile comes from the user's catalog entity, as a real provider's would.
    const entityRef = { kind: 'User', ...result };
    try {
      const { entity } = await ctx.findCatalogUser({ entityRef });
      const profile = (entity.spec?.profile ?? {}) as {
        displayName?: string;
        email?: string;
        picture?: string;
      };
      return {
        profile: {
          displayName: profile.displayName ?? result.name,
          email: profile.email,
          picture: profile.picture,
        },
      };
    } catch {
      return { profile: { displayName: result.name } };
    }
  },
  initialize({ config }) {
    const allowOutsideDevelopment =
      config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') === true;
    return {
      enabled:
        process.env.NODE_ENV === 'development' || allowOutsideDevelopment,
      namespace: config.getOptionalString('namespace') ?? 'default',
    };
  },
  async authenticate({ req }, ctx) {
    if (!ctx.enabled) {
      throw httpError(
        403,
        'NotAllowedError',
        "The demo user provider signs anyone in without a password, so it works only in development unless 'auth.providers.demoUser.dangerouslyAllowOutsideDevelopment' is set",
      );
    }
    const name = req.header(DEMO_USER_HEADER)?.trim() ?? '';
    if (!USER_NAME.test(name)) {
      throw httpError(
        400,
        'InputError',
        `${DEMO_USER_HEADER}: expected the name of a catalog User such as 'carol', got '${name.slice(
          0,
          70,
        )}'`,
      );
    }
    return { result: { name: name.toLowerCase(), namespace: ctx.namespace } };
  },
});

/**
 * Issues the token of the catalog user the request named, with the ownership the
 * catalog gives them (their groups), so permission checks see who they really are.
 * A name the catalog does not know is refused.
 */
export const signInAsCatalogUser: SignInResolver<DemoUserResult> = async (
  { result },
  ctx,
) =>
  ctx.signInWithCatalogUser({
    entityRef: { kind: 'User', ...result },
  });
