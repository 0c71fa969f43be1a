import { z } from 'zod';
import { id, isoTime, revision } from './common';

/**
 * A support manager deactivated an engineer of the directory (owned by the case service). The
 * engineer's open cases went back to automatic assignment in the same change (their
 * `case.assigned` events follow); consumers end everything the engineer still holds.
 */
export const engineerDeactivated = z.object({
  engineerId: id,
  deactivatedBy: id,
  deactivatedAt: isoTime,
});

/** What the directory says about an engineer, repeated by every event that changes it. */
const engineerState = {
  engineerId: id,
  name: z.string(),
  email: z.string(),
  expertise: z.array(z.string()),
  active: z.boolean(),
  /** Per engineer: a consumer keeps its copy only from a newer revision. */
  revision,
};

/** A support manager registered an engineer (the engineer id is their user id, the token's `sub`). */
export const engineerRegistered = z.object({ ...engineerState, registeredBy: id, registeredAt: isoTime });

/**
 * A support manager changed an engineer: the whole new state and the names of the fields that
 * changed. A deactivation is also an update (`active: false`); `engineer.deactivated` follows it.
 */
export const engineerUpdated = z.object({
  ...engineerState,
  changed: z.array(z.enum(['name', 'email', 'expertise', 'active'])).min(1),
  updatedBy: id,
  updatedAt: isoTime,
});
