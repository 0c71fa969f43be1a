import { createHash } from 'node:crypto';

export const DIAGNOSTIC_SETS = ['sign-ins', 'audit-logs'] as const;
export type DiagnosticSet = (typeof DIAGNOSTIC_SETS)[number];

export interface SignInRecord {
  id: string;
  createdDateTime: string;
  userPrincipalName: string;
  appDisplayName: string;
  ipAddress: string;
  clientAppUsed: string;
  location: { city: string; countryOrRegion: string };
  status: { errorCode: number; failureReason: string | null };
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied';
}

export interface DirectoryAuditRecord {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  category: string;
  result: 'success' | 'failure';
  initiatedBy: { userPrincipalName: string };
  targetResource: string;
}

export type DiagnosticRecord = SignInRecord | DirectoryAuditRecord;

const RECORDS_PER_SET = 60;
// A fixed origin, not the clock: the same tenant always yields the same records.
const ORIGIN = Date.parse('2025-06-01T00:00:00.000Z');
const PEOPLE = ['adele.vance', 'alex.wilber', 'diego.siciliani', 'grady.archie', 'isaiah.langer', 'lynne.robbins', 'megan.bowen', 'nestor.wilke'];
const APPS = ['Office 365 Exchange Online', 'Microsoft Teams', 'Azure Portal', 'SharePoint Online', 'Microsoft Entra admin center'];
const CLIENTS = ['Browser', 'Mobile Apps and Desktop clients', 'Exchange ActiveSync'];
const PLACES = [
  { city: 'Paris', countryOrRegion: 'FR' },
  { city: 'Lyon', countryOrRegion: 'FR' },
  { city: 'Montréal', countryOrRegion: 'CA' },
  { city: 'Bruxelles', countryOrRegion: 'BE' },
  { city: 'Genève', countryOrRegion: 'CH' },
];
const FAILURES = [
  { errorCode: 50126, failureReason: 'Invalid username or password.' },
  { errorCode: 50074, failureReason: 'Strong authentication is required.' },
  { errorCode: 53003, failureReason: 'Access has been blocked by Conditional Access policies.' },
];
const ACTIVITIES = [
  { activityDisplayName: 'Add member to group', category: 'GroupManagement' },
  { activityDisplayName: 'Update user', category: 'UserManagement' },
  { activityDisplayName: 'Reset password (by admin)', category: 'UserManagement' },
  { activityDisplayName: 'Add app role assignment to service principal', category: 'ApplicationManagement' },
  { activityDisplayName: 'Update conditional access policy', category: 'Policy' },
];

/** mulberry32: a tiny deterministic generator, seeded from the tenant id. */
function generatorFor(tenantId: string, set: DiagnosticSet): () => number {
  let state = createHash('sha256').update(`${set}:${tenantId}`).digest().readUInt32BE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function recordId(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function domainOf(tenantId: string): string {
  return `tenant-${createHash('sha256').update(tenantId).digest('hex').slice(0, 8)}.example`;
}

/**
 * The read-only identity diagnostic data the service holds for a tenant: sample sign-ins and
 * directory audit logs, newest first, the same on every call for the same tenant.
 */
export function sampleDiagnostics(tenantId: string, set: DiagnosticSet): DiagnosticRecord[] {
  const random = generatorFor(tenantId, set);
  const domain = domainOf(tenantId);
  let time = ORIGIN;
  const records: DiagnosticRecord[] = [];
  for (let index = 0; index < RECORDS_PER_SET; index++) {
    time -= Math.floor(1 + random() * 180) * 60_000;
    const user = `${pick(random, PEOPLE)}@${domain}`;
    if (set === 'sign-ins') {
      const failure = random() < 0.2 ? pick(random, FAILURES) : null;
      records.push({
        id: recordId(random),
        createdDateTime: new Date(time).toISOString(),
        userPrincipalName: user,
        appDisplayName: pick(random, APPS),
        ipAddress: `203.0.113.${Math.floor(random() * 254) + 1}`,
        clientAppUsed: pick(random, CLIENTS),
        location: pick(random, PLACES),
        status: failure ?? { errorCode: 0, failureReason: null },
        conditionalAccessStatus: failure?.errorCode === 53003 ? 'failure' : random() < 0.7 ? 'success' : 'notApplied',
      });
    } else {
      const activity = pick(random, ACTIVITIES);
      records.push({
        id: recordId(random),
        activityDateTime: new Date(time).toISOString(),
        ...activity,
        result: random() < 0.95 ? 'success' : 'failure',
        initiatedBy: { userPrincipalName: user },
        targetResource: `${pick(random, PEOPLE)}@${domain}`,
      });
    }
  }
  return records;
}
