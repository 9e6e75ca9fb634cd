export { useServiceStatus } from './useServiceStatus';
export { useOrder, isActive, ORDER_POLL_MS } from './useOrder';
export {
  useOrderPermissions,
  type KindPermission,
} from './useOrderPermissions';
