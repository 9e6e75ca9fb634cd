export { dyplomaPlugin as default } from './plugin';
