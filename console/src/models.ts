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

export interface Member {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  role: 'admin' | 'member';
  permissions: string[];
  joinedAt: string;
}

export interface Invitation {
  id: string;
  workspaceId: string;
  email: string;
  role: 'admin' | 'member';
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  expiresAt: string;
  createdAt: string;
  invitedBy: string | null;
  delivery: { status: 'pending' | 'sent' | 'failed'; attempts: number; sentAt: string | null; lastError: string | null };
}

export interface SeverityCounts {
  A: number;
  B: number;
  C: number;
}

export interface ActivityContract {
  id: string;
  customerName: string;
  type: 'premier' | 'unified';
  status: 'draft' | 'active' | 'expired';
  startsAt: string;
  endsAt: string;
  daysRemaining: number;
  csam: { name: string; email: string } | null;
  accountCoordinator: { name: string; email: string } | null;
  supportContacts: { name: string; email: string }[];
  services: string[];
}

export interface ActivityFigures {
  services: string[];
  cases: { total: number; open: number; closed: number; openBySeverity: SeverityCounts; closedBySeverity: SeverityCounts };
  openAccessGrants: number;
  recentActivity: { id: string; workspaceId: string; type: string; at: string; caseId: string | null; summary: string }[];
}

/** GET /activity: each selected workspace, and all of them together. */
export interface Activity {
  scope: 'all' | 'selected';
  workspaces: (ActivityFigures & { id: string; name: string; isDefault: boolean; contract: ActivityContract })[];
  combined: ActivityFigures & { workspaceCount: number; contracts: ActivityContract[] };
}
