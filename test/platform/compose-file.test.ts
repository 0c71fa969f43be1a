// The compose file cannot run here (no Docker engine), but Debian's docker-compose validates
// it offline: services, build args, health checks and environment must at least be coherent,
// and no secret may be written in it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';

const root = join(__dirname, '..', '..');
const compose = join(root, 'docker-compose.yml');
const example = join(root, '.env.example');
const SERVICES = ['workspace', 'invitation', 'case', 'access'];

interface ComposeService {
  image?: string;
  build?: unknown;
  restart?: string;
  healthcheck?: { test: string[] };
  deploy?: { resources?: { limits?: { cpus?: string | number; memory?: string } } };
  ports?: ({ published: number; target: number } | string)[];
  environment?: Record<string, string>;
  volumes?: unknown[];
  command?: string[];
}

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

  const services = () => (load(config()) as { services: Record<string, ComposeService> }).services;

  it('runs the four services against MongoDB as a replica set and RabbitMQ, each with a health check', () => {
    const text = config();
    for (const service of SERVICES) {
      expect(text).toContain(`MONGODB_URI: mongodb://support-hub-${service}:change-me-${service}-db@mongo:27017/support-hub-${service}?replicaSet=rs0`);
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

  it('has no obsolete version key', () => {
    expect(readFileSync(compose, 'utf8')).not.toMatch(/^version:/m);
  });

  it('builds one image once and runs it for the four services and the broker set-up', () => {
    const all = services();
    const ours = [...SERVICES, 'broker-setup'].map((name) => all[name]);
    expect(new Set(ours.map(({ image }) => image))).toEqual(new Set(['support-hub:local']));
    expect(Object.entries(all).filter(([, service]) => service.build).map(([name]) => name)).toEqual(['broker-setup']);
  });

  it('gives every long-running container a health check, a restart policy and resource limits', () => {
    for (const [name, service] of Object.entries(services())) {
      expect({ name, restart: service.restart }).toEqual({ name, restart: name === 'broker-setup' ? 'on-failure' : 'unless-stopped' });
      expect({ name, limits: service.deploy?.resources?.limits }).toEqual({ name, limits: { cpus: expect.anything(), memory: expect.stringMatching(/^\d+[MG]$/) } });
      if (name !== 'broker-setup') expect({ name, healthcheck: service.healthcheck?.test.length }).toEqual({ name, healthcheck: expect.any(Number) });
    }
  });

  it('runs MongoDB with authentication: a root user from the environment, one user per service on its own database', () => {
    const { mongo, ...rest } = services();
    expect(mongo.environment).toMatchObject({ MONGO_INITDB_ROOT_USERNAME: 'root', MONGO_INITDB_ROOT_PASSWORD: 'change-me-mongo-root' });
    expect(mongo.command).toEqual(expect.arrayContaining(['--replSet', '--keyFile']));
    expect(mongo.volumes).toContain(`${join(root, 'deploy', 'compose', 'mongo-init-users.js')}:/docker-entrypoint-initdb.d/mongo-init-users.js:ro`);
    for (const service of SERVICES) expect(new URL(rest[service].environment!.MONGODB_URI).username).toBe(`support-hub-${service}`);
    const source = readFileSync(compose, 'utf8');
    expect(source).not.toMatch(/mongodb:\/\/[^:$]+:[^$@]+@/); // every database password is a ${variable}
    expect(source).not.toMatch(/PASSWORD: [^$]/);
  });

  it('catches mail with Mailpit, not the unmaintained MailHog', () => {
    const all = services();
    expect(all.mailpit.image).toMatch(/^axllent\/mailpit:v\d/);
    expect(JSON.stringify(all)).not.toMatch(/mailhog/i);
    expect(all.invitation.environment!.SMTP_URL).toBe('smtp://mailpit:1025');
  });

  it('binds every published port deliberately: UIs on loopback, database and broker not at all', () => {
    const published = Object.fromEntries(Object.entries(services()).map(([name, service]) => [name, (service.ports ?? []).map((port) => (typeof port === 'string' ? port : `${port.published}:${port.target}`))]));
    expect(published).toEqual({
      mongo: [],
      rabbitmq: ['127.0.0.1:15672:15672/tcp'],
      mailpit: ['127.0.0.1:8025:8025/tcp'],
      'broker-setup': [],
      // The gateway is the one entry point; the services publish nothing.
      gateway: ['8080:8080'],
      workspace: [],
      invitation: [],
      case: [],
      access: [],
    });
  });
});

describe('the image', () => {
  it('builds from a context without dependencies, build output, local data or secrets (.dockerignore)', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    for (const entry of ['**/node_modules', 'dist', '.data', '.env', '.git']) expect(ignored).toContain(entry);
  });

  it('runs as the unprivileged node user with a data folder it owns', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(lastStage).toMatch(/DATA_DIR=\/data/);
    expect(lastStage).toMatch(/chown node:node \/data/);
    expect(lastStage.indexOf('chown node:node /data')).toBeLessThan(lastStage.indexOf('USER node'));
    expect(lastStage).toMatch(/^USER node$/m);
  });
});
