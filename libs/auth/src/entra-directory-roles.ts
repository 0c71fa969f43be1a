/**
 * Every Microsoft Entra built-in role that holds the permission to manage support access
 * (`microsoft.azure.supportTickets/allEntities/allTasks`), by role template id (what Entra
 * puts in a token's `wids` claim) and by name (what a token's `roles` claim may carry).
 *
 * Source: Microsoft Entra built-in roles,
 * https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
 * (MicrosoftDocs/entra-docs, docs/identity/role-based-access-control/permissions-reference.md
 * for the template ids and includes/<role>.md for each role's actions), read 2026-11-29.
 * Roles that hold only `microsoft.office365.supportTickets/allEntities/allTasks` (Microsoft
 * 365 service requests, e.g. Edge or Kaizala Administrator) are not listed: that is another
 * permission. The list is fixed on purpose: a token never grants a permission not written
 * here, and a role Microsoft adds is added here by hand, from the same page.
 */
export const MANAGE_SUPPORT_ACCESS = 'microsoft.azure.supportTickets/allEntities/allTasks';

export interface EntraDirectoryRole {
  readonly templateId: string;
  readonly name: string;
}

const ROLES_THAT_MANAGE_SUPPORT_ACCESS: readonly (readonly [templateId: string, name: string])[] = [
  ['d2562ede-74db-457e-a7b6-544e236ebb61', 'AI Administrator'],
  ['db506228-d27e-4b7d-95e5-295956d6615f', 'Agent ID Administrator'],
  ['9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator'],
  ['c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator'],
  ['0526716b-113d-4c15-b2c8-68e3c22b9f80', 'Authentication Policy Administrator'],
  ['7495fdc4-34c4-4d15-a289-98788ce399fd', 'Azure Information Protection Administrator'],
  ['b0f54661-2d74-4c50-afa3-1ec803f12efe', 'Billing Administrator'],
  ['158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator'],
  ['17315797-102d-40b4-93e0-432062caca18', 'Compliance Administrator'],
  ['e6d1a23a-da11-4be4-9570-befc86d067a7', 'Compliance Data Administrator'],
  ['38a96431-2bdf-4b4c-8b6e-5d3d8abac1a4', 'Desktop Analytics Administrator'],
  ['e93e3737-fa85-474a-aee4-7d3fb86510f3', 'Dragon Administrator'],
  ['44367163-eba1-44c3-98af-f5787879f96a', 'Dynamics 365 Administrator'],
  ['29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator'],
  ['49eb8f75-97e9-4e37-9b2b-6c3ebfcffa31', 'Exchange Backup Administrator'],
  ['a9ea8996-122f-4c74-9520-8edcd192826c', 'Fabric Administrator'],
  ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator'],
  ['ac434307-12b9-4fa1-a708-88bf58caabc1', 'Global Secure Access Administrator'],
  ['fdd7a751-b60b-444a-984c-02652fe8fa1c', 'Groups Administrator'],
  ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator'],
  ['8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator'],
  ['eb1f4a8d-243a-41f0-9fbd-c7cdf6c5ef7c', 'Insights Administrator'],
  ['3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator'],
  ['1707125e-0aa2-4d4d-8655-a7c786c76a25', 'Microsoft 365 Backup Administrator'],
  ['ee67aa9c-e510-4759-b906-227085a7fd4d', 'Microsoft Graph Data Connect Administrator'],
  ['2b745bdf-0803-4d80-aa65-822c4493daac', 'Office Apps Administrator'],
  ['9d70768a-0cbc-4b4c-aea3-2e124b2477f4', 'Organizational Data Source Administrator'],
  ['4ba39ca4-527c-499a-b93d-d9b492c50246', 'Partner Tier1 Support'],
  ['e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', 'Partner Tier2 Support'],
  ['11648597-926c-4cf3-9c36-bcebb0ba8dcc', 'Power Platform Administrator'],
  ['7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator'],
  ['194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator'],
  ['5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', 'Security Operator'],
  ['f023fd81-a637-4b56-95fd-791ac0226033', 'Service Support Administrator'],
  ['f28a1f50-f6e7-4571-818b-6a12f2af6b6c', 'SharePoint Administrator'],
  ['99009c4a-3b3f-4957-82a9-9d35e12db77e', 'SharePoint Advanced Management Administrator'],
  ['9d3e04ba-3ee4-4d1b-a3a7-9aef423a09be', 'SharePoint Backup Administrator'],
  ['75941009-915a-4869-abe7-691bff18279e', 'Skype for Business Administrator'],
  ['69091246-20e8-4a56-aa4d-066075b2a7a8', 'Teams Administrator'],
  ['baf37b3a-610e-45da-9e62-d9d1e5e8914b', 'Teams Communications Administrator'],
  ['aa38014f-0993-46e9-9b45-30501a20909d', 'Teams Telephony Administrator'],
  ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator'],
  ['0ec3f692-38d6-4d14-9e69-0377ca7797ad', 'Viva Glint Tenant Administrator'],
  ['11451d60-acb2-45eb-a7d6-43d0f0125c13', 'Windows 365 Administrator'],
];

/** The roles above, as records. Partner Tier1/Tier2 Support are deprecated by Microsoft but still hold the permission. */
export const SUPPORT_ACCESS_DIRECTORY_ROLES: readonly EntraDirectoryRole[] = ROLES_THAT_MANAGE_SUPPORT_ACCESS.map(([templateId, name]) => ({ templateId, name }));

const BY_TEMPLATE_ID = new Map(SUPPORT_ACCESS_DIRECTORY_ROLES.map((role) => [role.templateId, role]));
const BY_NAME = new Map(SUPPORT_ACCESS_DIRECTORY_ROLES.map((role) => [role.name, role]));

/** The role with this template id (a `wids` entry; GUIDs compare case-insensitively), if it manages support access. */
export function directoryRoleByTemplateId(templateId: string): EntraDirectoryRole | undefined {
  return BY_TEMPLATE_ID.get(templateId.toLowerCase());
}

/** The role with this exact name (a `roles` entry; names are case-sensitive, as Entra writes them). */
export function directoryRoleByName(name: string): EntraDirectoryRole | undefined {
  return BY_NAME.get(name);
}
