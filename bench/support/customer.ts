import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_VENDOR_TENANT_ID } from '@support-hub/platform';
import { eventually } from '@support-hub/testing';
import type { SystemUnderTest } from '../../test/support/system-under-test';

/** The tenant of vendor staff: the VENDOR_TENANT_ID the services under test run with. */
export const VENDOR_TENANT = DEFAULT_VENDOR_TENANT_ID;

export interface Customer {
  tenantId: string;
  workspaceId: string;
  /** The service administrator: workspace admin and the tenant's Global Administrator. */
  adminToken: string;
  engineerId: string;
  engineerToken: string;
  /** Only this customer's engineer has this expertise, so its cases always go to them. */
  productArea: string;
}

async function call(url: string, token: string, body?: unknown, method = body ? 'POST' : 'GET'): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function invitationToken(mailDir: string, email: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(mailDir).filter((file) => file.endsWith('.eml'));
  } catch {
    return undefined;
  }
  for (const file of files) {
    const text = readFileSync(join(mailDir, file), 'utf8');
    if (new RegExp(`^To: ${email}`, 'm').test(text)) return /token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  }
  return undefined;
}

/**
 * A customer as the product makes one, through the public APIs only: a contract activated by
 * its CSAM, the service administrator's invitation accepted from the mailbox, and one support
 * engineer registered for a product area of its own.
 */
export async function onboardCustomer(sut: SystemUnderTest, tag: string): Promise<Customer> {
  const tenantId = `${tag}-0000-4000-8000-000000000000`.slice(0, 36);
  const adminEmail = `admin-${tag}@contoso.example`;
  const csam = sut.token({ sub: `csam-${tag}`, email: `csam-${tag}@vendor.example`, tid: VENDOR_TENANT, roles: ['csam'] });
  const adminToken = sut.token({ sub: `admin-${tag}`, email: adminEmail, tid: tenantId, name: 'Admin', roles: ['Global Administrator'] });
  const manager = sut.token({ sub: `manager-${tag}`, email: `manager-${tag}@vendor.example`, tid: VENDOR_TENANT, roles: ['support-manager'] });
  const engineerId = `engineer-${tag}`;
  const engineerToken = sut.token({ sub: engineerId, email: `${engineerId}@vendor.example`, tid: VENDOR_TENANT, roles: ['support-engineer'] });

  const contract = await call(`${sut.url('workspace')}/api/v1/contracts`, csam, {
    customerName: `Customer ${tag}`, customerTenantId: tenantId, type: 'unified',
    startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    serviceAdmin: { email: adminEmail, name: 'Admin' }, supportContacts: [], services: ['reactive-support'],
  });
  const activated = await call(`${sut.url('workspace')}/api/v1/contracts/${String(contract.id)}/activate`, csam, {});
  const workspaceId = String(activated.defaultWorkspaceId);
  const token = await eventually(() => invitationToken(sut.mailDir, adminEmail), { what: 'the invitation email' });
  await call(`${sut.url('invitation')}/api/v1/invitations/accept`, adminToken, { token });
  await eventually(async () => (await fetch(`${sut.url('case')}/api/v1/workspaces/${workspaceId}/cases`, { headers: { authorization: `Bearer ${adminToken}` } })).ok, {
    what: 'the case service to learn the membership',
  });
  const productArea = `identity-${tag}`;
  await call(`${sut.url('case')}/api/v1/engineers`, manager, { userId: engineerId, name: 'Engineer', email: `${engineerId}@vendor.example`, expertise: [productArea] });
  return { tenantId, workspaceId, adminToken, engineerId, engineerToken, productArea };
}

export async function openCase(sut: SystemUnderTest, customer: Customer, consent = true): Promise<string> {
  const opened = await call(`${sut.url('case')}/api/v1/workspaces/${customer.workspaceId}/cases`, customer.adminToken, {
    title: 'Sign-in failures', description: 'Users cannot sign in', severity: 'B', productArea: customer.productArea, allowAdvancedDiagnostics: consent,
  });
  return String(opened.id);
}

export async function closeCase(sut: SystemUnderTest, customer: Customer, caseId: string): Promise<void> {
  await call(`${sut.url('case')}/api/v1/cases/${caseId}/close`, customer.engineerToken, undefined, 'POST');
}

/** Whether the engineer's diagnostic read of the customer tenant is allowed right now. */
export async function canRead(sut: SystemUnderTest, customer: Customer): Promise<boolean> {
  const response = await fetch(`${sut.url('access')}/api/v1/tenants/${customer.tenantId}/diagnostics/sign-ins?limit=1`, {
    headers: { authorization: `Bearer ${customer.engineerToken}` },
  });
  await response.arrayBuffer();
  if (response.status !== 200 && response.status !== 403) throw new Error(`diagnostics read → ${response.status}`);
  return response.status === 200;
}
