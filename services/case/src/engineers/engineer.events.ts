import type { NewEvent } from '@support-hub/contracts';
import type { EngineerRecord, EngineerField } from './engineer';

// The engineer is the aggregate (its events publish in the order recorded); prefixed, because
// user ids and case ids share the outbox's per-aggregate sequences.
function addressOf(engineerId: string) {
  return { aggregateId: `engineer:${engineerId}` };
}

function stateOf(record: EngineerRecord) {
  return { engineerId: record._id, name: record.name, email: record.email, expertise: record.expertise, active: record.active, revision: record.revision };
}

export function engineerRegistered(record: EngineerRecord, registeredBy: string): NewEvent<'engineer.registered'> {
  return { type: 'engineer.registered', ...addressOf(record._id), data: { ...stateOf(record), registeredBy, registeredAt: record.registeredAt.toISOString() } };
}

export function engineerUpdated(record: EngineerRecord, changed: EngineerField[], updatedBy: string): NewEvent<'engineer.updated'> {
  return { type: 'engineer.updated', ...addressOf(record._id), data: { ...stateOf(record), changed, updatedBy, updatedAt: record.updatedAt.toISOString() } };
}

export function engineerDeactivated(engineerId: string, deactivatedBy: string, at: Date): NewEvent<'engineer.deactivated'> {
  return { type: 'engineer.deactivated', ...addressOf(engineerId), data: { engineerId, deactivatedBy, deactivatedAt: at.toISOString() } };
}
