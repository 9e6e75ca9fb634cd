export { OrderActions } from './OrderActions';
export { autoscalingOf, disabledReasons } from './disabledReasons';
