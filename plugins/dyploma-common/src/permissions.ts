import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type (`RESOURCE_TYPE_CATALOG_ENTITY` of
 * `@backstage/plugin-catalog-common/alpha`): Dyploma's permissions are about a
 * service, and a service is a catalog Component, so a policy can use the
 * catalog's conditions (`isEntityOwner`, `hasAnnotation`, ...) on them.
 *
 * @public
 */
export const DYPLOMA_RESOURCE_TYPE = 'catalog-entity';

/**
 * See a service's status, releases, orders, logs and events.
 *
 * @public
 */
export const dyplomaServiceReadPermission = createPermission({
  name: 'dyploma.service.read',
  attributes: { action: 'read' },
  resourceType: DYPLOMA_RESOURCE_TYPE,
});

/**
 * Change what runs: deploy a version, roll back, restart.
 *
 * @public
 */
export const dyplomaServiceDeployPermission = createPermission({
  name: 'dyploma.service.deploy',
  attributes: { action: 'update' },
  resourceType: DYPLOMA_RESOURCE_TYPE,
});

/**
 * Change how much runs: scale, disable (to zero) and enable.
 *
 * @public
 */
export const dyplomaServiceScalePermission = createPermission({
  name: 'dyploma.service.scale',
  attributes: { action: 'update' },
  resourceType: DYPLOMA_RESOURCE_TYPE,
});

/**
 * Cancel or retry anyone's order of a service, not only one's own.
 *
 * @public
 */
export const dyplomaServiceAdminPermission = createPermission({
  name: 'dyploma.service.admin',
  attributes: { action: 'update' },
  resourceType: DYPLOMA_RESOURCE_TYPE,
});

/**
 * See what services cost.
 *
 * @public
 */
export const dyplomaCostReadPermission = createPermission({
  name: 'dyploma.cost.read',
  attributes: { action: 'read' },
});

/**
 * All of Dyploma's permissions.
 *
 * @public
 */
export const dyplomaPermissions = [
  dyplomaServiceReadPermission,
  dyplomaServiceDeployPermission,
  dyplomaServiceScalePermission,
  dyplomaServiceAdminPermission,
  dyplomaCostReadPermission,
];
