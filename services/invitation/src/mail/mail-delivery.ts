import type { QueryFilter, UpdateQuery } from 'mongoose';

/**
 * Sending one email, outbox-style: the state is committed with the change the email is about, a
 * sender leases it after the commit and retries until it is sent or given up.
 */
export interface DeliveryState {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  /** The sender pass that holds it, and until when: one replica sends a given email at a time. */
  claim: string | null;
  claimedUntil: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

export function pendingDelivery(now: Date): DeliveryState {
  return { status: 'pending', attempts: 0, nextAttemptAt: now, claim: null, claimedUntil: null, lastError: null, sentAt: null };
}

/** The documents whose email is due and not leased (or whose lease ran out). */
export function dueDelivery<T extends { delivery: DeliveryState }>(now: Date): QueryFilter<T> {
  return {
    'delivery.status': 'pending',
    'delivery.nextAttemptAt': { $lte: now },
    $or: [{ 'delivery.claimedUntil': null }, { 'delivery.claimedUntil': { $lte: now } }],
  } as QueryFilter<T>;
}

export function leaseDelivery<T extends { delivery: DeliveryState }>(claim: string, leaseUntil: Date): UpdateQuery<T> {
  return { $set: { 'delivery.claim': claim, 'delivery.claimedUntil': leaseUntil } } as UpdateQuery<T>;
}

export function deliverySent<T extends { delivery: DeliveryState }>(now: Date): UpdateQuery<T> {
  return {
    $set: { 'delivery.status': 'sent', 'delivery.sentAt': now, 'delivery.claim': null, 'delivery.claimedUntil': null, 'delivery.lastError': null },
    $inc: { 'delivery.attempts': 1 },
  } as UpdateQuery<T>;
}

/** A failed attempt: due again at `retryAt`, or given up (`failed`) when null. */
export function deliveryFailed<T extends { delivery: DeliveryState }>(error: string, retryAt: Date | null): UpdateQuery<T> {
  const set: Record<string, unknown> = {
    'delivery.status': retryAt ? 'pending' : 'failed',
    'delivery.claim': null,
    'delivery.claimedUntil': null,
    'delivery.lastError': error.slice(0, 500),
  };
  if (retryAt) set['delivery.nextAttemptAt'] = retryAt;
  return { $set: set, $inc: { 'delivery.attempts': 1 } } as UpdateQuery<T>;
}
