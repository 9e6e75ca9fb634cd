export { OrderDialog } from './OrderDialog';
export { ActiveOrderNotice } from './ActiveOrderNotice';
export { ConfirmChanges } from './ConfirmChanges';
