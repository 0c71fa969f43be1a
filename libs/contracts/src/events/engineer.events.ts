import { z } from 'zod';
import { id, isoTime } from './common';

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
