#!/usr/bin/env node
// `npm run dlq -- list|show|replay|purge --service <name> [--id <id>]... [--all]`: a service's
// dead-letter queue for an operator. It logs in as the service's own broker user (password from
// <SERVICE>_BROKER_PASSWORD, else the one `npm start` keeps in $DATA_DIR/broker-users.json), so a
// replay is stamped as the service and stays subject to the consumer's trust check
// (docs/security-model.md, "Replaying dead letters").
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const USAGE = `usage: npm run -s dlq -- <command> --service <name> [options]
  list    --service <name> [--limit <n>] [--json]   the dead letters: id, type, reason, attempts, first death, publisher, error
  show    --service <name> --id <id>                 one dead letter with its headers and body
  replay  --service <name> (--id <id>... | --all)    republish to the service's queue (original id and body), then remove
  purge   --service <name> (--id <id>... | --all)    remove for good
environment: AMQP_URL (default amqp://127.0.0.1:5672), AMQP_EXCHANGE, AMQP_USER_PREFIX,
  <SERVICE>_BROKER_PASSWORD or DATA_DIR/broker-users.json`;

function fail(message, code = 2) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parse() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        service: { type: 'string' },
        id: { type: 'string', multiple: true },
        all: { type: 'boolean' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${error.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const [command] = positionals;
  if (!['list', 'show', 'replay', 'purge'].includes(command) || positionals.length > 1) fail(USAGE);
  if (!values.service) fail(`--service is required\n${USAGE}`);
  if ((command === 'replay' || command === 'purge') && !values.all === !values.id) fail(`${command} needs --id <id> (repeatable) or --all`);
  if (command === 'show' && values.id?.length !== 1) fail('show needs one --id');
  const limit = values.limit === undefined ? 1000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) fail('--limit must be a positive integer');
  return { command, service: values.service, ids: values.id, all: Boolean(values.all), limit, json: Boolean(values.json) };
}

function brokerPassword(service) {
  const fromEnv = process.env[`${service.toUpperCase()}_BROKER_PASSWORD`];
  if (fromEnv) return fromEnv;
  const file = path.resolve(__dirname, '..', process.env.DATA_DIR ?? '.data', 'broker-users.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))[service];
  } catch {
    return undefined;
  }
}

function serviceAmqpUrl(service, prefix) {
  const url = new URL(process.env.AMQP_URL ?? 'amqp://127.0.0.1:5672');
  if (decodeURIComponent(url.username) === `${prefix}${service}` && url.password) return url.toString();
  const password = brokerPassword(service);
  if (!password) fail(`no broker password for ${service}: set ${service.toUpperCase()}_BROKER_PASSWORD (or run where npm start keeps .data/broker-users.json)`);
  url.username = encodeURIComponent(`${prefix}${service}`);
  url.password = encodeURIComponent(password);
  return url.toString();
}

function printTable(letters) {
  const rows = letters.map((l) => [l.id ?? '-', l.type ?? '-', l.reason ?? '-', String(l.attempts), l.firstDeathAt ?? '-', l.publisher ?? '-', (l.error ?? '').slice(0, 80)]);
  const header = ['ID', 'TYPE', 'REASON', 'ATTEMPTS', 'FIRST DEATH', 'PUBLISHER', 'ERROR'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  for (const row of [header, ...rows]) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()}\n`);
}

function printOutcome(verb, outcome) {
  for (const letter of outcome.done) process.stdout.write(`${verb} ${letter.id} (${letter.type})\n`);
  for (const { letter, why } of outcome.refused) process.stdout.write(`not replayed ${letter.id} (${letter.type}): ${why}; purge it instead\n`);
  for (const id of outcome.missing) process.stdout.write(`not found ${id}\n`);
  process.stdout.write(`${outcome.done.length} ${verb}, ${outcome.refused.length} refused, ${outcome.missing.length} not found\n`);
  return outcome.refused.length + outcome.missing.length === 0 ? 0 : 1;
}

async function main() {
  const options = parse();
  if (!fs.existsSync(path.join(__dirname, '..', 'dist', 'libs', 'messaging', 'src', 'index.js'))) require('./ensure-build').ensureBuild({ quiet: true });
  require('./register-aliases');
  const { SERVICE_NAMES } = require('@support-hub/contracts');
  const { DeadLetterQueue } = require('@support-hub/messaging');
  if (!SERVICE_NAMES.includes(options.service)) fail(`unknown service ${options.service}; one of ${SERVICE_NAMES.join(', ')}`);
  const prefix = process.env.AMQP_USER_PREFIX ?? 'support-hub-';
  const exchange = process.env.AMQP_EXCHANGE ?? 'support-hub.events';
  const queue = await DeadLetterQueue.open({ amqpUrl: serviceAmqpUrl(options.service, prefix), exchange, service: options.service, prefix });
  try {
    const selection = options.all ? { all: true } : { ids: options.ids ?? [] };
    switch (options.command) {
      case 'list': {
        const { total, letters } = await queue.list(options.limit);
        if (options.json) return void process.stdout.write(`${JSON.stringify({ queue: queue.queue, total, letters }, null, 2)}\n`);
        process.stdout.write(`${queue.queue}: ${total} dead letter(s)${letters.length < total ? `, first ${letters.length} shown` : ''}\n`);
        if (letters.length > 0) printTable(letters);
        return;
      }
      case 'show': {
        const letter = (await queue.list()).letters.find((candidate) => candidate.id === options.ids[0]);
        if (!letter) fail(`not found ${options.ids[0]} in ${queue.queue}`, 1);
        let body = letter.body;
        try {
          body = JSON.parse(letter.body);
        } catch {
          // not JSON: shown as text
        }
        return void process.stdout.write(`${JSON.stringify({ ...letter, body }, null, 2)}\n`);
      }
      case 'replay':
        process.exitCode = printOutcome('replayed', await queue.replay(selection));
        return;
      case 'purge':
        process.exitCode = printOutcome('purged', await queue.purge(selection));
        return;
    }
  } finally {
    await queue.close();
  }
}

main().catch((error) => fail(error.message, 1));
