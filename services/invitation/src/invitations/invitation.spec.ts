import { assertAddressedTo, assertPending, effectiveStatus, assertRevocable, newInvitation } from './invitation';
import {
  InvitationAlreadyRevokedError,
  InvitationAlreadyUsedError,
  InvitationEmailMismatchError,
  InvitationExpiredError,
  InvitationRevokedError,
} from './invitations.errors';

const T0 = new Date('2030-01-01T00:00:00Z');
const LATER = new Date('2030-01-20T00:00:00Z');

describe('invitation', () => {
  const invitation = newInvitation({ id: 'i1', workspaceId: 'ws', email: 'Ada@Contoso.com', role: 'admin', invitedBy: null, at: T0, ttlDays: 14 });

  it('starts pending, its address lower-cased, its mail to send, expiring after its time to live', () => {
    expect(invitation).toMatchObject({ status: 'pending', email: 'ada@contoso.com', tokenHash: null, delivery: { status: 'pending', attempts: 0 } });
    expect(invitation.expiresAt).toEqual(new Date('2030-01-15T00:00:00Z'));
    expect(effectiveStatus(invitation, LATER)).toBe('expired');
  });

  it.each([
    ['accepted', InvitationAlreadyUsedError],
    ['revoked', InvitationRevokedError],
    ['expired', InvitationExpiredError],
  ] as const)('refuses a %s invitation with the reason', (status, error) => {
    expect(() => assertPending({ ...invitation, status }, T0)).toThrow(error);
  });

  it('refuses an unmarked one past its expiry as expired', () => {
    expect(() => assertPending(invitation, LATER)).toThrow(InvitationExpiredError);
  });

  it('is accepted only by the person invited', () => {
    expect(() => assertAddressedTo(invitation, { email: 'ADA@contoso.com' })).not.toThrow();
    expect(() => assertAddressedTo(invitation, { email: 'bob@contoso.com' })).toThrow(InvitationEmailMismatchError);
    expect(() => assertAddressedTo(invitation, { email: '' })).toThrow(InvitationEmailMismatchError);
  });

  it('revokes a pending one (even past its expiry), and refuses a repeat, an accepted or an expired one', () => {
    expect(() => assertRevocable(invitation)).not.toThrow();
    expect(() => assertRevocable({ status: 'revoked' })).toThrow(InvitationAlreadyRevokedError);
    expect(() => assertRevocable({ status: 'accepted' })).toThrow(InvitationAlreadyUsedError);
    expect(() => assertRevocable({ status: 'expired' })).toThrow(InvitationExpiredError);
  });
});
