export { eventually } from './probe';
export { ADMIN_AMQP_URL, provisionRunBrokerUsers, TestEnvironment, TEST_AUDIENCE, TEST_ISSUER } from './test-environment';
export { createTestApp } from './test-app';
export { deleteBrokerObjects } from './broker-cleanup';
export { publishEvent, PublishExtras } from './publish-event';
export { LocalJwks, rsaSigningKey, RsaSigningKey } from './local-jwks';
