import type { NewEvent } from '@support-hub/contracts';

// The engineer is the aggregate (its events publish in the order recorded); prefixed, because
// user ids and case ids share the outbox's per-aggregate sequences.
export function engineerDeactivated(engineerId: string, deactivatedBy: string, at: Date): NewEvent<'engineer.deactivated'> {
  return { type: 'engineer.deactivated', aggregateId: `engineer:${engineerId}`, data: { engineerId, deactivatedBy, deactivatedAt: at.toISOString() } };
}
