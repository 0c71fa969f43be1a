// The README's walkthrough, pasted whole: its bash block runs against a system this test starts
// (the four services and the gateway, on free ports), as a reader would run it against
// `npm start`. It must finish, waiting for each event it depends on, and stop with a clear
// message at the first unexpected reply.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import { EntryPoint } from '../support/entry-points';
import { freePort, SystemUnderTest } from '../support/system-under-test';

const root = join(__dirname, '..', '..');

/** The first bash block after the walkthrough's heading. */
function walkthrough(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Walkthrough'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no bash block in its walkthrough');
  return block;
}

function runBash(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd: root, env: { ...process.env, ...env }, timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the README walkthrough, pasted whole', () => {
  let system: SystemUnderTest;
  let gateway: EntryPoint;
  let env: Record<string, string>;

  beforeAll(async () => {
    system = await SystemUnderTest.start();
    gateway = await EntryPoint.gateway(Object.fromEntries(SERVICE_NAMES.map((service) => [service, [system.url(service)]])) as Record<ServiceName, string[]>);
    // DATA_DIR: the token CLI signs with the system's development key; the block reads its mailbox.
    env = { SUPPORT_HUB_URL: gateway.url, DATA_DIR: system.dataDir };
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await system?.stop();
  });

  it('runs from a contract to revoked access through the gateway', async () => {
    const run = await runBash(walkthrough(), env);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining(['admin', 'true', '2', 'Sign-in failures', 'closed', 'ACCESS_NOT_GRANTED', '0']));
    expect(lines.at(-1)).toBe('Done: from a contract to revoked access, through the gateway.');
  }, 240_000);

  it('stops at the first error reply, naming the request and the reply', async () => {
    const run = await runBash(walkthrough(), { ...env, DATA_DIR: join(system.dataDir, 'another-key') });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^POST \/api\/v1\/contracts answered 401: \{.*"code":"UNAUTHENTICATED"/m);
    expect(run.stdout).not.toContain('Done');
  }, 60_000);

  it('says so when nothing answers', async () => {
    const run = await runBash(walkthrough(), { ...env, SUPPORT_HUB_URL: `http://127.0.0.1:${await freePort()}` });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('(is npm start running?)');
  }, 60_000);
});
