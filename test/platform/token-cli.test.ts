// The development token CLI (`npm run -s token`): clear usage errors, and never a token the
// services would refuse. Runs the script as a developer does, against a real service app.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestApp, TestEnvironment } from '@support-hub/testing';
import { loadWorkspaceConfig } from '../../services/workspace/src/config/workspace.config';
import { WorkspaceServiceModule } from '../../services/workspace/src/workspace.module';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'scripts', 'token.js');

describe('token CLI', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    env = await TestEnvironment.start();
    const config = loadWorkspaceConfig(env.env('workspace'));
    app = await createTestApp(WorkspaceServiceModule.register(config), config);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  /** The CLI's exit code and output, as a developer sees them. */
  const token = async (args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> => {
    const cliEnv = { PATH: process.env.PATH ?? '', DATA_DIR: env.dataDir, AUTH_DEV_KEY_FILE: join(env.dataDir, 'dev-jwt.key'), VENDOR_TENANT_ID: env.vendorTenantId, ...extraEnv };
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: cliEnv });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const engineer = (extra: string[] = []) => ['--sub', 'eli', '--email', 'eli@vendor.example', '--tid', env.vendorTenantId, '--roles', 'support-engineer', ...extra];

  it('prints its usage for --help', async () => {
    const result = await token(['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: npm run -s token -- --sub <id>/);
  }, 60_000);

  it.each([
    ['an unknown option', ['--bogus'], /Unknown option '--bogus'/],
    ['a missing --sub', ['--email', 'a@x', '--tid', '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50'], /missing --sub/],
    ['a tenant that is no GUID', ['--sub', 'a', '--email', 'a@x', '--tid', 'contoso'], /--tid must be a tenant GUID/],
    ['a misspelled role', ['--sub', 'a', '--email', 'a@x', '--tid', '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50', '--roles', 'support-enginer'], /unknown role 'support-enginer'/],
    ['a role template id that is no GUID', ['--sub', 'a', '--email', 'a@x', '--tid', '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50', '--wids', 'Global Administrator'], /--wids takes role template ids \(GUIDs\), not 'global administrator'/],
    // Global Reader: a real built-in role, but it may not manage support access.
    ['a role template id of no role that manages support access', ['--sub', 'a', '--email', 'a@x', '--tid', '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50', '--wids', 'f2ef992c-3afb-46b9-b7cf-a126ee74c451'], /unknown role template id 'f2ef992c-3afb-46b9-b7cf-a126ee74c451'/],
    ['a ttl the services would refuse', ['--sub', 'a', '--email', 'a@x', '--tid', '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50', '--ttl', '86401'], /exceeds AUTH_MAX_TOKEN_LIFETIME \(86400 s\)/],
  ])('refuses %s with a clear message and no stack trace', async (_, args, message) => {
    const result = await token(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/usage:/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('caps --ttl at the AUTH_MAX_TOKEN_LIFETIME it is given, as the services do', async () => {
    expect((await token(engineer(['--ttl', '7200']), { AUTH_MAX_TOKEN_LIFETIME: '1h' })).stderr).toMatch(/exceeds AUTH_MAX_TOKEN_LIFETIME \(3600 s\)/);
  }, 60_000);

  it('refuses to sign with the development key in production', async () => {
    expect(await token(engineer(), { NODE_ENV: 'production' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/NODE_ENV=production/) });
  }, 60_000);

  it('mints tokens the service accepts, up to the longest life it allows', async () => {
    for (const ttl of [[], ['--ttl', '86400']]) {
      const minted = await token(engineer(ttl));
      expect(minted.code).toBe(0);
      const me = await request(app.getHttpServer()).get('/api/v1/me').set('authorization', `Bearer ${minted.stdout.trim()}`).expect(200);
      expect(me.body).toMatchObject({ id: 'eli', isVendorStaff: true, roles: ['support-engineer'] });
    }
  }, 60_000);

  it('mints a token with directory roles as Entra sends them, in wids, that count for its own tenant only', async () => {
    const tenant = '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50';
    // Global Administrator and Service Support Administrator, upper-case as someone may paste them.
    const minted = await token(['--sub', 'gia', '--email', 'gia@contoso.example', '--tid', tenant, '--roles', 'support-manager',
      '--wids', '62E90394-69F5-4237-9190-012177145E10, f023fd81-a637-4b56-95fd-791ac0226033']);
    expect(minted.code).toBe(0);
    expect(minted.stderr).toMatch(/vendor roles count only with --tid/);
    const me = await request(app.getHttpServer()).get('/api/v1/me').set('authorization', `Bearer ${minted.stdout.trim()}`).expect(200);
    expect(me.body).toMatchObject({
      tenantId: tenant,
      isVendorStaff: false,
      roles: ['Global Administrator', 'Service Support Administrator'],
      permissions: ['microsoft.azure.supportTickets/allEntities/allTasks'],
    });
  }, 60_000);
});
