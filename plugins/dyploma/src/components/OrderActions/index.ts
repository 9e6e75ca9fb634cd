export { OrderActions } from './OrderActions';
export { disabledReasons } from './disabledReasons';
