// The compose file cannot run here (no Docker engine), but Debian's docker-compose validates
// it offline: services, build args, health checks and environment must at least be coherent,
// and no secret may be written in it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const compose = join(root, 'docker-compose.yml');
const example = join(root, '.env.example');

describe('docker-compose.yml', () => {
  const config = () => execFileSync('docker-compose', ['--env-file', example, '-f', compose, 'config'], { encoding: 'utf8' });

  it('is valid with the example environment', () => {
    expect(() => execFileSync('docker-compose', ['--env-file', example, '-f', compose, 'config', '-q'])).not.toThrow();
  });

  it('refuses to render without its secrets, naming the missing one', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/PASSWORD|AUTH_|VENDOR_TENANT_ID/.test(name)));
    // No .env beside a temporary copy of the file: only what the environment gives.
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    copyFileSync(compose, join(dir, 'docker-compose.yml'));
    const run = spawnSync('docker-compose', ['-f', join(dir, 'docker-compose.yml'), 'config', '-q'], { encoding: 'utf8', env, cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/set [A-Z_]+/);
  });

  it('runs the four services against MongoDB as a replica set and RabbitMQ, each with a health check', () => {
    const text = config();
    for (const service of ['workspace', 'invitation', 'case', 'access']) {
      expect(text).toContain(`MONGODB_URI: mongodb://mongo:27017/support-hub-${service}?replicaSet=rs0`);
      expect(text).toContain(`SERVICE: ${service}`);
    }
    expect(text).toMatch(/--replSet/);
    expect(text).toMatch(/rabbitmq:3\.\d+-management/);
    expect(text.match(/healthcheck:/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('connects each service as its own broker user, provisioned before they start, in production mode', () => {
    const text = config();
    for (const service of ['workspace', 'invitation', 'case', 'access']) {
      expect(text).toContain(`AMQP_URL: amqp://support-hub-${service}:change-me-${service}@rabbitmq:5672`);
      expect(text).toContain(`${service.toUpperCase()}_BROKER_PASSWORD: change-me-${service}`);
    }
    expect(text).toMatch(/broker-setup:\n\s+condition: service_completed_successfully/);
    expect(text).toContain('NODE_ENV: production');
    expect(text).toContain('AUTH_JWKS_URI: https://');
  });

  it('writes no secret itself and publishes the management UI on loopback only', () => {
    const source = readFileSync(compose, 'utf8');
    expect(source).not.toMatch(/amqp:\/\/[^:$]+:[^$@]+@/); // every broker password is a ${variable}
    expect(source).not.toMatch(/RABBITMQ_DEFAULT_PASS: [^$]/);
    expect(config()).toContain('- 127.0.0.1:15672:15672/tcp');
  });
});
