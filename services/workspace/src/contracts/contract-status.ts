import type { ContractRecord, ContractStatus } from './contract.schema';

/**
 * The status a reader must see. The stored status catches up with the calendar only when the
 * lifecycle sweep runs, so an ended term reads as expired at once, whatever the sweep's delay.
 * A draft whose start date passed stays a draft until activated: activation has effects
 * (the default workspace and its invitations) that only the transition itself may cause.
 */
export function effectiveStatus(contract: Pick<ContractRecord, 'status' | 'endsAt'>, now: Date): ContractStatus {
  if (contract.status !== 'expired' && contract.endsAt.getTime() <= now.getTime()) return 'expired';
  return contract.status;
}
