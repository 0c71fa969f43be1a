import { EVENT_SUBSCRIPTIONS, EVENT_TYPES, eventTypesOwnedBy, routingKeyOf, SERVICE_NAMES } from '@support-hub/contracts';
import { integratorUserDefinitions, serviceUserDefinitions } from './broker-definitions';

describe(serviceUserDefinitions.name, () => {
  const EXCHANGE = 'support-hub.events';
  const passwords = Object.fromEntries(SERVICE_NAMES.map((service) => [service, `pw-${service}`]));
  const sut = serviceUserDefinitions({ exchange: EXCHANGE, prefix: 'support-hub-', passwords });
  const matches = (pattern: string, name: string) => new RegExp(pattern).test(name);

  it('makes one user per service, with a salted hash and no password in clear', () => {
    expect(sut.users.map((user) => user.name)).toEqual(SERVICE_NAMES.map((service) => `support-hub-${service}`));
    expect(JSON.stringify(sut)).not.toContain('pw-');
    expect(Buffer.from(sut.users[0].password_hash, 'base64')).toHaveLength(4 + 32);
  });

  it.each(SERVICE_NAMES)('lets %s publish exactly the routing keys of the event types it owns', (service) => {
    const { write } = sut.topic_permissions.find((permission) => permission.user === `support-hub-${service}`)!;
    const owned = new Set(eventTypesOwnedBy(service));
    expect(owned.size).toBeGreaterThan(0);
    for (const type of EVENT_TYPES) expect([type, matches(write, routingKeyOf(type))]).toEqual([type, owned.has(type)]);
    expect(matches(write, 'case.closed.v1.extra')).toBe(false);
  });

  it.each(SERVICE_NAMES)('lets %s bind only to what it consumes and owns', (service) => {
    const { read } = sut.topic_permissions.find((permission) => permission.user === `support-hub-${service}`)!;
    const allowed = new Set([...EVENT_SUBSCRIPTIONS[service], ...eventTypesOwnedBy(service)]);
    for (const type of EVENT_TYPES) expect([type, matches(read, routingKeyOf(type))]).toEqual([type, allowed.has(type)]);
    expect(matches(read, '#')).toBe(false);
  });

  it('gives each service its own queues and the shared exchanges, not the other services\' queues', () => {
    const { configure, write, read } = sut.permissions.find((permission) => permission.user === 'support-hub-access')!;
    for (const pattern of [configure, write, read]) {
      for (const name of ['support-hub.events', 'support-hub.events.unroutable', 'support-hub.events.access', 'support-hub.events.access.dlq', 'support-hub.events.access.retry.1000ms']) {
        expect([name, matches(pattern, name)]).toEqual([name, true]);
      }
      for (const name of ['support-hub.events.case', 'support-hub.events.case.dlq', 'support-hub.events.accessx', 'amq.gen-x', 'other']) {
        expect([name, matches(pattern, name)]).toEqual([name, false]);
      }
    }
    expect(matches(write, 'amq.default')).toBe(true);
  });

  it('bounds the unroutable queue with a policy, by length (oldest dropped) and by age (a day)', () => {
    expect(sut.policies).toEqual([
      expect.objectContaining({ pattern: '^support\\-hub\\.events\\.unroutable$', definition: { 'max-length': 100_000, overflow: 'drop-head', 'message-ttl': 86_400_000 } }),
    ]);
  });
});

describe(integratorUserDefinitions.name, () => {
  it('reads its own queues and the keys it asked for, and publishes nothing', () => {
    const sut = integratorUserDefinitions('support-hub.events', 'billing', 'secret', ['case.closed']);
    const [topic] = sut.topic_permissions;
    expect(new RegExp(topic.write).test('case.closed.v1')).toBe(false);
    expect(new RegExp(topic.read).test('case.closed.v1')).toBe(true);
    expect(new RegExp(topic.read).test('access.granted.v1')).toBe(false);
    const [permission] = sut.permissions;
    expect(new RegExp(permission.configure).test('support-hub.events.integration.billing.inbox')).toBe(true);
    expect(new RegExp(permission.configure).test('support-hub.events.access')).toBe(false);
    expect(new RegExp(permission.write).test('support-hub.events')).toBe(false);
  });
});
