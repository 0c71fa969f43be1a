// The shapes the console reads and sends, named for the screens. They are the services' own
// schemas, generated from the merged OpenAPI document (docs/openapi.json → api-schema.d.ts, kept
// up to date by test/platform/openapi-contract-files.test.ts): the console is built from the
// public contract alone, as any client would be, and a change to that contract that breaks a
// screen fails the console's type check.
import type { components } from './api-schema';

type Schemas = components['schemas'];

export type Workspace = Schemas['WorkspaceView'];
export type Contract = Schemas['ContractView'];
export type Case = Schemas['CaseResponse'];
export type AccessRequest = Schemas['AccessRequestResponse'];
export type Grant = Schemas['GrantResponse'];
export type AccessCheck = Schemas['AccessCheckResponse'];
export type AuditRecord = Schemas['AuditRecordResponse'];
export type Engineer = Schemas['EngineerResponse'];
export type Member = Schemas['MemberView'];
export type Invitation = Schemas['InvitationView'];
export type SignIn = Schemas['SignInResponse'];

/** GET /activity: each selected workspace, and all of them together. */
export type Activity = Schemas['ActivityView'];
/** A case or request filed by one tenant about another's data: no consent applies, each tenant approves. */
export const isCrossTenant = (about: { requestTenantId: string; resourceTenantId: string }): boolean => about.requestTenantId !== about.resourceTenantId;

export type ActivityContract = Schemas['ContractAspectsView'];
/** What a workspace's figures and the combined figures have in common. */
export type ActivityFigures = Pick<Schemas['CombinedActivityView'], 'services' | 'cases' | 'openAccessGrants' | 'recentActivity'>;
