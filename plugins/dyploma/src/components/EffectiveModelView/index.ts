export { EffectiveModelView } from './EffectiveModelView';
