import { z } from 'zod';
import { contractType, id, isoTime, revision, tenantId } from './common';

/**
 * A contract as its events state it. `revision` grows with every change, so a copy keeps only
 * newer facts; `workspaceIds` are the contract's workspaces when the event was recorded (none at
 * creation); `endsAt` decides expiry: a consumer treats the contract as expired once `endsAt` has
 * passed, whether or not `contract.expired` has arrived yet.
 */
const contractState = {
  contractId: id,
  customerTenantId: tenantId,
  customerName: z.string(),
  type: contractType,
  status: z.enum(['draft', 'active', 'expired']),
  startsAt: isoTime,
  endsAt: isoTime,
  services: z.array(z.string()),
  csamId: id.nullable(),
  accountCoordinatorId: id.nullable(),
  workspaceIds: z.array(id),
  revision,
};

export const contractCreated = z.object(contractState);

export const contractUpdated = z.object({
  ...contractState,
  /** Which fields the change touched. */
  changed: z.array(z.enum(['endsAt', 'services', 'supportContacts', 'csamId', 'accountCoordinatorId'])),
  /** The term was extended past now after it had ended: the contract is usable again. */
  reactivated: z.boolean(),
});

export const contractExpired = z.object({ ...contractState, expiredAt: isoTime });
