import { randomBytes } from 'node:crypto';
import { randomServicePasswords } from '../../src/broker-definitions';
import { ServiceBrokerUsers } from '../../src/service-broker-users';
import { AMQP_URL } from './broker.admin';

/** A test file's own broker users (`test-<id>-<service>`), deleted with its topology. */
export interface RunUsers {
  prefix: string;
  users: ServiceBrokerUsers;
  userOf(service: string): string;
  amqpUrlOf(service: string): string;
}

export async function provisionRunUsers(exchange: string): Promise<RunUsers> {
  const prefix = `test-${randomBytes(4).toString('hex')}-`;
  const users = await new ServiceBrokerUsers({ brokerUrl: AMQP_URL, exchange, prefix, passwords: randomServicePasswords(), adminUrl: process.env.RABBITMQ_ADMIN_URL }).provision();
  return { prefix, users, userOf: (service) => `${prefix}${service}`, amqpUrlOf: (service) => users.amqpUrlOf(service) };
}
