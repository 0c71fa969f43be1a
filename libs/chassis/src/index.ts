export { serviceChassis } from './service-chassis';
