import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import { BrokerAdministrator } from '../src/broker-administrator';
import { integratorUserDefinitions } from '../src/broker-definitions';
import { declareExchange, topologyNames } from '../src/messaging.topology';
import { AMQP_URL, BrokerAdmin } from './support/broker.admin';
import { runExchange, TEST_RETRY_DELAYS } from './support/bus.harness';

describe('An integrator broker user (real RabbitMQ)', () => {
  const exchange = runExchange('integrator');
  const name = `it${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const queue = `${exchange}.integration.${name}`;
  const administrator = new BrokerAdministrator(process.env.RABBITMQ_ADMIN_URL);
  let admin: BrokerAdmin;
  let connection: amqp.ChannelModel;

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
    await declareExchange(admin.channel, topologyNames(exchange, 'x'));
    await administrator.apply(integratorUserDefinitions(exchange, name, password, ['case.closed']));
    const url = new URL(AMQP_URL);
    url.username = `integration-${name}`;
    url.password = password;
    connection = await amqp.connect(url.toString());
    connection.on('error', () => undefined);
  });

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await admin.deleteTopology(exchange, [], TEST_RETRY_DELAYS, [queue]);
    await administrator.remove([`integration-${name}`]);
    await admin.close();
  });

  /** Runs one broker operation on a channel of its own: a refusal closes that channel. */
  async function attempt(operation: (channel: amqp.ConfirmChannel) => Promise<unknown>): Promise<'ok' | 'refused'> {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    try {
      await operation(channel);
      await channel.close();
      return 'ok';
    } catch {
      return 'refused';
    }
  }

  it('declares its own queue and binds it to the event types it was given, nothing else', async () => {
    expect(await attempt((channel) => channel.assertQueue(queue, { durable: true }))).toBe('ok');
    expect(await attempt((channel) => channel.bindQueue(queue, exchange, 'case.closed.v1'))).toBe('ok');
    expect(await attempt((channel) => channel.bindQueue(queue, exchange, 'access.granted.v1'))).toBe('refused');
    expect(await attempt((channel) => channel.bindQueue(queue, exchange, '#'))).toBe('refused');
    expect(await attempt((channel) => channel.assertQueue(`${exchange}.access`, { durable: true }))).toBe('refused');
  });

  it('publishes nothing', async () => {
    const publish = (channel: amqp.ConfirmChannel) => {
      channel.publish(exchange, 'case.closed.v1', Buffer.from('{}'));
      return channel.waitForConfirms();
    };
    expect(await attempt(publish)).toBe('refused');
  });
});
