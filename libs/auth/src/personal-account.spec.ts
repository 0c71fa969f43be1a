import { PersonalAccountNotAllowedError } from './auth.errors';
import { PERSONAL_ACCOUNT_TENANT_ID } from './authenticated-user';
import { assertPersonalAccountAdmitted, personalAccountSuspended } from './personal-account';

describe('the Personal-account rule', () => {
  const WORK_TENANT = '11111111-1111-4111-8111-111111111111';

  it.each([
    ['a Personal account, policy off', PERSONAL_ACCOUNT_TENANT_ID, { allowPersonalAccounts: false }, true],
    ['a Personal account, policy on', PERSONAL_ACCOUNT_TENANT_ID, { allowPersonalAccounts: true }, false],
    ['a Personal account, policy unknown (older copy)', PERSONAL_ACCOUNT_TENANT_ID, {}, true],
    ['a work account, policy off', WORK_TENANT, { allowPersonalAccounts: false }, false],
    ['a member whose tenant is unknown', null, { allowPersonalAccounts: false }, false],
  ] as const)('%s: suspended = %s', (_name, tenantId, workspace, suspended) => {
    expect(personalAccountSuspended(tenantId, workspace)).toBe(suspended);
  });

  it('refuses a suspended caller with PERSONAL_ACCOUNT_NOT_ALLOWED and admits everyone else', () => {
    expect(() => assertPersonalAccountAdmitted({ tenantId: PERSONAL_ACCOUNT_TENANT_ID }, { allowPersonalAccounts: false })).toThrow(PersonalAccountNotAllowedError);
    expect(() => assertPersonalAccountAdmitted({ tenantId: PERSONAL_ACCOUNT_TENANT_ID }, { allowPersonalAccounts: true })).not.toThrow();
    expect(() => assertPersonalAccountAdmitted({ tenantId: WORK_TENANT }, { allowPersonalAccounts: false })).not.toThrow();
  });
});
