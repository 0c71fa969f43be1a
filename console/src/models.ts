// The response shapes the console reads (DESIGN.md §8; fields it does not use are left out).
// Written from the public HTTP contract, not imported from the services: the bundle is built for
// the browser from that contract alone, as any client would be (the merged OpenAPI of the
// gateway, issue 15, can generate these later).

export interface Workspace {
  id: string;
  contractId: string;
  name: string;
  purpose: string;
  isDefault: boolean;
  services: string[];
  settings: { allowPersonalAccounts: boolean };
  role?: 'admin' | 'member';
}

export interface Contract {
  id: string;
  customerName: string;
  customerTenantId: string;
  type: 'premier' | 'unified';
  status: 'draft' | 'active' | 'expired';
  startsAt: string;
  endsAt: string;
  services: string[];
  defaultWorkspaceId?: string | null;
}

export interface Case {
  id: string;
  workspaceId: string;
  requestTenantId: string;
  resourceTenantId: string;
  title: string;
  description: string;
  severity: 'A' | 'B' | 'C';
  productArea: string;
  allowAdvancedDiagnostics: boolean;
  status: 'open' | 'closed';
  assignedEngineerId: string | null;
  openedAt: string;
  closedAt: string | null;
}

export interface AccessRequest {
  id: string;
  caseId: string;
  requestTenantId: string;
  resourceTenantId: string;
  engineerId: string;
  justification: string;
  durationHours: number;
  status: 'pending' | 'approved' | 'rejected' | 'completed' | 'removed' | 'expired' | 'cancelled';
  requiredApprovals: string[];
  approvals: { tenantId: string; approvedBy: string; at: string }[];
  rejection: { tenantId: string; rejectedBy: string; reason: string | null; at: string } | null;
  createdAt: string;
  expiresAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface Grant {
  id: string;
  requestId: string | null;
  caseId: string;
  engineerId: string;
  tenantId: string;
  basis: 'request' | 'consent';
  status: string;
  grantedAt: string;
  expiresAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface AccessCheck {
  allowed: boolean;
  basis?: 'request' | 'consent';
  grantId?: string;
  expiresAt?: string;
}

export interface AuditRecord {
  id: string;
  tenantId: string;
  at: string;
  actorId: string;
  action: string;
  reason: string | null;
  caseId: string | null;
  requestId: string | null;
  grantId: string | null;
}

export interface Engineer {
  id: string;
  userId: string;
  name: string;
  email: string;
  expertise: string[];
  active: boolean;
  openCases: number;
}

export type DiagnosticRecord = Record<string, unknown> & { id?: string };
