import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import { BrokerAdministrator } from './broker-administrator';
import { serviceUserDefinitions, serviceUserNames, unroutablePolicyName } from './broker-definitions';
import { brokerUserOf } from './broker-identity';

export interface ServiceBrokerUsersOptions {
  /** Where the services connect, e.g. `amqp://127.0.0.1:5672` (credentials in it are replaced). */
  brokerUrl: string;
  exchange: string;
  prefix: string;
  passwords: Readonly<Record<string, string>>;
  /** Management API of an administrator; see BrokerAdministrator for the rabbitmqctl fallback. */
  adminUrl?: string;
}

/**
 * The four services' broker users on one broker: created (or updated) with the administrator's
 * rights, then each service's own AMQP URL. Used by `npm start`, the test runs and the bench.
 */
export class ServiceBrokerUsers {
  private readonly admin: BrokerAdministrator;

  constructor(private readonly options: ServiceBrokerUsersOptions) {
    this.admin = new BrokerAdministrator(options.adminUrl);
  }

  async provision(): Promise<this> {
    const { exchange, prefix, passwords } = this.options;
    await this.admin.apply(serviceUserDefinitions({ exchange, prefix, passwords }));
    return this;
  }

  /** The URL a service connects with: its own user and password. */
  amqpUrlOf(service: ServiceName | string): string {
    if (!(SERVICE_NAMES as string[]).includes(service)) throw new Error(`unknown service: ${service}`);
    const url = new URL(this.options.brokerUrl);
    url.username = encodeURIComponent(brokerUserOf(this.options.prefix, service));
    url.password = encodeURIComponent(this.options.passwords[service]);
    return url.toString();
  }

  async remove(): Promise<void> {
    await this.admin.remove(serviceUserNames(this.options.prefix), [unroutablePolicyName(this.options.exchange)]);
  }
}
