import type { MessageProperties } from 'amqplib';
import { caseClosedEvent } from '../test/support/event.builders';
import { judgePublisher, VERIFIED_PUBLISHER_HEADER } from './broker-identity';

describe(judgePublisher.name, () => {
  const PREFIX = 'sh-';
  const ACCESS = 'sh-access';
  const properties = (userId?: string, headers: Record<string, unknown> = {}) => ({ userId, headers }) as unknown as MessageProperties;
  const sut = (props: MessageProperties, event = caseClosedEvent()) => judgePublisher(event, props, PREFIX, ACCESS);

  it('believes the owner of the type, stamped by the broker', () => {
    expect(sut(properties('sh-case'))).toEqual({ trusted: true });
  });

  it.each([
    ['no user_id', undefined, 'carries no user_id'],
    ['the administrator', 'guest', 'published by guest'],
    ['another service', 'sh-workspace', 'published by sh-workspace'],
    ['a user that merely looks alike', 'sh-case2', 'published by sh-case2'],
  ])('refuses %s', (_label, userId, reason) => {
    expect(sut(properties(userId))).toEqual({ trusted: false, reason: expect.stringContaining(reason) });
  });

  it('refuses the owner when the envelope claims another source', () => {
    expect(sut(properties('sh-case'), caseClosedEvent({ source: 'workspace' }))).toEqual({ trusted: false, reason: expect.stringContaining('claims source workspace') });
  });

  it('believes the verified-publisher header only on its own retry copies', () => {
    expect(sut(properties(ACCESS, { [VERIFIED_PUBLISHER_HEADER]: 'sh-case' }))).toEqual({ trusted: true });
    expect(sut(properties('sh-workspace', { [VERIFIED_PUBLISHER_HEADER]: 'sh-case' })).trusted).toBe(false);
    // Its own events it would believe anyway; a copy of someone else's keeps that someone's verdict.
    expect(sut(properties(ACCESS, { [VERIFIED_PUBLISHER_HEADER]: 'guest' })).trusted).toBe(false);
  });
});
