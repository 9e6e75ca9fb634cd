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
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** Members of this group may do everything. */
export const PLATFORM_ADMINS = 'group:default/platform-admins';

/** Permissions the owning group's members hold on their own services. */
const OWNER_PERMISSIONS = ['dyploma.service.deploy', 'dyploma.service.scale'];
/** Permissions everyone holds. */
const EVERYONE_PERMISSIONS = ['dyploma.service.read', 'dyploma.cost.read'];

/**
 * The demo's policy. Dyploma: everyone may read; members of a service's owning group
 * may deploy and scale it (a conditional decision the catalog resolves with
 * `isEntityOwner`); `platform-admins` may do everything, including cancelling or
 * retrying anyone's order (`dyploma.service.admin`). Every other plugin's permission
 * is allowed, as the allow-all policy did before.
 */
export class DyplomaDemoPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('dyploma.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (EVERYONE_PERMISSIONS.includes(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) return { result: AuthorizeResult.DENY };
    const { ownershipEntityRefs: claims } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    if (claims.includes(PLATFORM_ADMINS)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      OWNER_PERMISSIONS.includes(permission.name) &&
      isResourcePermission(permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

/** Installs {@link DyplomaDemoPolicy} as the permission backend's policy. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'dyploma-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new DyplomaDemoPolicy(userInfo));
      },
    });
  },
});
