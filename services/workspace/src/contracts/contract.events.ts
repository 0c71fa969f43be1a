import type { AnyNewEvent } from '@support-hub/messaging';
import type { ContractRecord } from './contract';

/** The contract.* events, built from stored records; the contract id is their aggregate. */
export function contractActivated(contract: ContractRecord, defaultWorkspaceId: string): AnyNewEvent {
  return {
    type: 'contract.activated',
    aggregateId: contract._id,
    tenantId: contract.customerTenantId,
    data: {
      contractId: contract._id,
      customerTenantId: contract.customerTenantId,
      customerName: contract.customerName,
      type: contract.type,
      startsAt: contract.startsAt.toISOString(),
      endsAt: contract.endsAt.toISOString(),
      services: [...contract.services],
      csamId: contract.csamId,
      accountCoordinatorId: contract.accountCoordinatorId,
      defaultWorkspaceId,
    },
  };
}
