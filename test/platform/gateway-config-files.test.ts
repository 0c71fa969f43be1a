// The production gateway's committed configurations are what the route table makes now: a route
// added to the table and not regenerated into deploy/ fails here, with the command that fixes it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { DEPLOYMENT_NGINX } from '../../services/gateway/src/nginx/deployments';
import { nginxConfig } from '../../services/gateway/src/nginx/nginx-config';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the committed nginx configurations', () => {
  it('deploy/nginx/nginx.conf (compose) is generated from the route table (npm run -s gateway:nginx -- compose > deploy/nginx/nginx.conf)', () => {
    expect(read('deploy/nginx/nginx.conf')).toBe(nginxConfig(DEPLOYMENT_NGINX.compose));
  });

  it('the ConfigMap of deploy/kubernetes/gateway.yaml holds the generated configuration (npm run -s gateway:nginx -- kubernetes)', () => {
    const configMap = loadAll(read('deploy/kubernetes/gateway.yaml')).find((document) => (document as { kind?: string }).kind === 'ConfigMap') as { data: Record<string, string> };
    expect(configMap.data['nginx.conf']).toBe(nginxConfig(DEPLOYMENT_NGINX.kubernetes));
  });

  it('compose publishes the gateway alone, with that configuration, in front of the four services', () => {
    const { services } = load(read('docker-compose.yml')) as { services: Record<string, { ports?: string[]; volumes?: string[]; depends_on?: Record<string, unknown> }> };
    expect(services.gateway.ports).toEqual(['8080:8080']);
    expect(services.gateway.volumes).toContain('./deploy/nginx/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(Object.keys(services.gateway.depends_on ?? {}).sort()).toEqual(['access', 'case', 'invitation', 'workspace']);
    for (const service of ['workspace', 'invitation', 'case', 'access']) expect(services[service].ports).toBeUndefined();
  });
});
