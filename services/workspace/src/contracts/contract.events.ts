import type { AnyNewEvent } from '@support-hub/messaging';
import type { ChangeableField, ContractRecord } from './contract';

/** The contract.* events, built from stored records; the contract id is their aggregate, so they go out in commit order. */

function contractState(contract: ContractRecord, workspaceIds: readonly string[]) {
  return {
    contractId: contract._id,
    customerTenantId: contract.customerTenantId,
    customerName: contract.customerName,
    type: contract.type,
    status: contract.status,
    startsAt: contract.startsAt.toISOString(),
    endsAt: contract.endsAt.toISOString(),
    services: [...contract.services],
    csamId: contract.csamId,
    accountCoordinatorId: contract.accountCoordinatorId,
    workspaceIds: [...workspaceIds],
    revision: contract.revision,
  };
}

export function contractCreated(contract: ContractRecord): AnyNewEvent {
  return { type: 'contract.created', aggregateId: contract._id, tenantId: contract.customerTenantId, data: contractState(contract, []) };
}

export function contractUpdated(contract: ContractRecord, workspaceIds: readonly string[], changed: readonly ChangeableField[], reactivated: boolean): AnyNewEvent {
  return {
    type: 'contract.updated',
    aggregateId: contract._id,
    tenantId: contract.customerTenantId,
    data: { ...contractState(contract, workspaceIds), changed: [...changed], reactivated },
  };
}

export function contractExpired(contract: ContractRecord, workspaceIds: readonly string[]): AnyNewEvent {
  return {
    type: 'contract.expired',
    aggregateId: contract._id,
    tenantId: contract.customerTenantId,
    data: { ...contractState(contract, workspaceIds), expiredAt: (contract.expiredAt ?? contract.endsAt).toISOString() },
  };
}

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
