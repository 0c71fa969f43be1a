// The compose file cannot run here (no Docker engine), but Debian's docker-compose validates
// it offline: services, build args, health checks and environment must at least be coherent.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('docker-compose.yml', () => {
  const config = () => execFileSync('docker-compose', ['-f', join(root, 'docker-compose.yml'), 'config'], { encoding: 'utf8' });

  it('is valid', () => {
    expect(() => execFileSync('docker-compose', ['-f', join(root, 'docker-compose.yml'), 'config', '-q'])).not.toThrow();
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
});
