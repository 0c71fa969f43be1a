import { randomServicePasswords, ServiceBrokerUsers } from '@support-hub/messaging';
import { deleteBrokerObjects } from '@support-hub/testing';
import { AMQP_URL, type BenchBrokerLogin } from './bench-service';
import { cleanUpOnInterrupt } from './interrupt';

/**
 * A bench's own corner of the shared broker: an exchange `bench.<pid>.<part>.events` (every
 * queue the services declare is named after it) and the four services' broker users. `remove`
 * deletes all of it, and is safe to call whatever was or was not made, so benches call it in
 * `finally`: a failed run must not leave queues, exchanges or users behind either (nor an
 * interrupted one: provisioning registers the removal for SIGINT and SIGTERM).
 */
export class BenchBroker {
  readonly exchange: string;
  readonly prefix: string;
  private readonly users: ServiceBrokerUsers;
  private interruptible = () => undefined as void;

  constructor(part = 'run') {
    this.exchange = `bench.${process.pid}.${part}.events`;
    this.prefix = `bench-${process.pid}-${part}-`;
    this.users = new ServiceBrokerUsers({ brokerUrl: AMQP_URL, exchange: this.exchange, prefix: this.prefix, passwords: randomServicePasswords(), adminUrl: process.env.RABBITMQ_ADMIN_URL });
  }

  async provision(): Promise<void> {
    this.interruptible = cleanUpOnInterrupt(() => this.remove());
    await this.users.provision();
  }

  amqpUrlOf(service: string): string {
    return this.users.amqpUrlOf(service);
  }

  loginOf(service: string): BenchBrokerLogin {
    return { amqpUrl: this.amqpUrlOf(service), brokerUserPrefix: this.prefix };
  }

  async remove(): Promise<void> {
    this.interruptible();
    const outcomes = await Promise.allSettled([deleteBrokerObjects(AMQP_URL, this.exchange), this.users.remove()]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') console.error(`broker cleanup of ${this.exchange}: ${(outcome.reason as Error).message}`);
  }
}
