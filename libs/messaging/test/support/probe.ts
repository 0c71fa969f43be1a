export { eventually } from '../../../testing/src/probe';
