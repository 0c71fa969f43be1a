#!/usr/bin/env node
// Makes (or updates) the broker user of a system that integrates through the bus: it may declare
// and read its own queues (`<exchange>.integration.<name>…`), bind them only to the event types
// given, and publish nothing. Prints its AMQP URL (with a fresh password) once.
//   npm run -s broker:integrator -- --name billing --reads case.closed,case.opened
const { randomBytes } = require('node:crypto');
const { parseArgs } = require('node:util');
const { ensureBuild } = require('./ensure-build');

const usage = 'usage: npm run -s broker:integrator -- --name <lowercase-name> --reads <event type,…> [--exchange support-hub.events]\n' +
  '  admin: RABBITMQ_ADMIN_URL (default http://guest:guest@127.0.0.1:15672, else rabbitmqctl); broker: AMQP_URL (default amqp://127.0.0.1:5672)\n';
let values;
try {
  ({ values } = parseArgs({ options: { name: { type: 'string' }, reads: { type: 'string' }, exchange: { type: 'string' }, help: { type: 'boolean' } } }));
} catch (error) {
  process.stderr.write(`${error.message}\n${usage}`);
  process.exit(2);
}
if (values.help || !values.name || !values.reads) {
  process.stderr.write(usage);
  process.exit(values.help ? 0 : 2);
}

ensureBuild({ quiet: true });
require('./register-aliases');
const { isEventType } = require('@support-hub/contracts');
const { BrokerAdministrator, integratorUserDefinitions } = require('@support-hub/messaging');

const reads = values.reads.split(',').map((type) => type.trim()).filter(Boolean);
const unknown = reads.filter((type) => !isEventType(type));
if (unknown.length) {
  process.stderr.write(`unknown event types: ${unknown.join(', ')} (see docs/asyncapi.yaml)\n`);
  process.exit(2);
}
const exchange = values.exchange ?? process.env.AMQP_EXCHANGE ?? 'support-hub.events';
const password = randomBytes(24).toString('base64url');
const definitions = integratorUserDefinitions(exchange, values.name, password, reads);
new BrokerAdministrator(process.env.RABBITMQ_ADMIN_URL)
  .apply(definitions)
  .then(() => {
    const url = new URL(process.env.AMQP_URL ?? 'amqp://127.0.0.1:5672');
    url.username = definitions.users[0].name;
    url.password = password;
    process.stdout.write(`${url}\nqueues: ${exchange}.integration.${values.name}[.<anything>]\n`);
  })
  .catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
