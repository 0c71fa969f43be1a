#!/usr/bin/env node
// Makes or updates the four services' broker users on a RabbitMQ, with least privilege derived
// from the event catalog (docs/security-model.md), and bounds the unroutable queue with a policy.
// Passwords come from the environment (WORKSPACE_BROKER_PASSWORD, INVITATION_BROKER_PASSWORD,
// CASE_BROKER_PASSWORD, ACCESS_BROKER_PASSWORD); the administrator from RABBITMQ_ADMIN_URL.
// The compose file runs it once before the services start; operators run it after an upgrade
// that adds event types.
const path = require('node:path');
const fs = require('node:fs');

// In the image the code is compiled already; in a checkout, build it first.
if (!fs.existsSync(path.join(__dirname, '..', 'dist', 'libs', 'messaging', 'src', 'index.js'))) require('./ensure-build').ensureBuild({ quiet: true });
require('./register-aliases');
const { SERVICE_NAMES } = require('@support-hub/contracts');
const { BrokerAdministrator, serviceUserDefinitions } = require('@support-hub/messaging');

const missing = SERVICE_NAMES.map((service) => `${service.toUpperCase()}_BROKER_PASSWORD`).filter((name) => !process.env[name]);
if (missing.length) {
  process.stderr.write(`missing ${missing.join(', ')}\n`);
  process.exit(2);
}
const passwords = Object.fromEntries(SERVICE_NAMES.map((service) => [service, process.env[`${service.toUpperCase()}_BROKER_PASSWORD`]]));
const exchange = process.env.AMQP_EXCHANGE ?? 'support-hub.events';
const prefix = process.env.AMQP_USER_PREFIX ?? 'support-hub-';
new BrokerAdministrator(process.env.RABBITMQ_ADMIN_URL)
  .apply(serviceUserDefinitions({ exchange, prefix, passwords }))
  .then(() => process.stdout.write(`broker users ${SERVICE_NAMES.map((service) => prefix + service).join(', ')} are up to date\n`))
  .catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
