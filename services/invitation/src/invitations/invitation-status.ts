import type { InvitationRecord, InvitationStatus } from './invitation.schema';

/** A pending invitation past its expiry is expired, whether or not anything has marked it yet. */
export function effectiveStatus(invitation: Pick<InvitationRecord, 'status' | 'expiresAt'>, now: Date): InvitationStatus {
  if (invitation.status === 'pending' && invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  return invitation.status;
}
