export {
  CostWindowPicker,
  customWindow,
  windowName,
  MAX_WINDOW_DAYS,
} from './CostWindowPicker';
