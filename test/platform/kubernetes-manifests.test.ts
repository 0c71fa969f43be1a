// deploy/kubernetes, validated offline: every document against Kubernetes' and KEDA's schemas
// and types (kubernetes-models), and the promises of the README's "Operating and scaling" read
// from the manifests themselves.
import { join } from 'node:path';
import { SERVICE_NAMES } from '@support-hub/contracts';
import { topologyNames } from '@support-hub/messaging';
import { loadManifests, schemaErrors, typeErrors, type Manifest } from '../support/kubernetes-manifests';

const manifests = loadManifests(join(__dirname, '..', '..', 'deploy', 'kubernetes'));

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean };
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
}
interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}
interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes: string[];
  ingress?: { from?: NetworkPolicyPeer[] }[];
  egress?: { to?: NetworkPolicyPeer[]; ports?: { port: number | string }[] }[];
}

const ofKind = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
const named = (kind: string, name: string) => ofKind(kind).find((manifest) => manifest.metadata.name === name);
const spec = <T>(manifest: Manifest | undefined) => manifest?.spec as T;
const selects = (selector: LabelSelector, labels: Record<string, string>) =>
  Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);

describe('deploy/kubernetes', () => {
  it('is made of documents of known kinds, each valid against its schema', () => {
    expect(manifests.length).toBeGreaterThan(20);
    expect(manifests.flatMap((manifest) => schemaErrors(manifest).map((error) => `${manifest.where}: ${error}`))).toEqual([]);
  });

  it('has no field its kind does not know (a misspelled key fails)', () => {
    expect(typeErrors(manifests)).toEqual([]);
  });

  it('fails on a typo: a misspelled key, a wrong type, a missing required field', () => {
    const deployment = named('Deployment', 'support-hub-case')!;
    const pod = spec<{ template: { spec: PodSpec } }>(deployment).template.spec;
    const [container] = pod.containers;
    const { readinessProbe, ...withoutProbe } = container;
    const misspelled = { ...deployment, spec: { ...spec<object>(deployment), template: { spec: { ...pod, containers: [{ ...withoutProbe, readinesProbe: readinessProbe }] } } } };
    expect(typeErrors([misspelled]).join('\n')).toMatch(/readinesProbe/);
    expect(schemaErrors({ ...deployment, spec: { ...spec<object>(deployment), replicas: 'two' } }).join('\n')).toMatch(/replicas/);
    expect(schemaErrors({ ...deployment, spec: { ...spec<object>(deployment), selector: undefined } }).join('\n')).toMatch(/selector/);
  });

  describe.each(SERVICE_NAMES)('the %s service', (service) => {
    const name = `support-hub-${service}`;
    const deployment = named('Deployment', name);
    const pod = spec<{ template: { metadata: { labels: Record<string, string> }; spec: PodSpec } }>(deployment)?.template;

    it('runs the one image as a non-root user with a read-only root, probes on /health/ready and /health/live, requests and limits', () => {
      const [container] = pod.spec.containers;
      expect(container.env).toEqual(expect.arrayContaining([{ name: 'SERVICE', value: service }]));
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(container.resources).toEqual({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { cpu: expect.any(String), memory: expect.any(String) } });
      expect(pod.spec.securityContext?.runAsNonRoot).toBe(true);
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      expect(container.envFrom?.map((source) => source.secretRef?.name ?? source.configMapRef?.name)).toEqual(['support-hub-config', 'support-hub-auth', name]);
    });

    it('has a Service, a PodDisruptionBudget, an HPA on CPU and a KEDA ScaledObject on its own queue that adopts that HPA', () => {
      expect(selects({ matchLabels: spec<{ selector: Record<string, string> }>(named('Service', name)).selector }, pod.metadata.labels)).toBe(true);
      expect(selects(spec<{ selector: LabelSelector }>(named('PodDisruptionBudget', name)).selector, pod.metadata.labels)).toBe(true);
      const hpa = spec<{ scaleTargetRef: { name: string }; minReplicas: number; metrics: { resource?: { name: string } }[] }>(named('HorizontalPodAutoscaler', name));
      expect(hpa.scaleTargetRef.name).toBe(name);
      expect(hpa.minReplicas).toBeGreaterThanOrEqual(2); // with minAvailable 1, a drain never stops the service
      expect(hpa.metrics.map((metric) => metric.resource?.name)).toEqual(['cpu']);

      const scaled = named('ScaledObject', name)!;
      const scaling = spec<{ scaleTargetRef: { name: string }; advanced: { horizontalPodAutoscalerConfig: { name: string } }; triggers: { type: string; metadata: Record<string, string>; authenticationRef?: { name: string } }[] }>(scaled);
      expect(scaling.scaleTargetRef.name).toBe(name);
      expect(scaled.metadata.annotations?.['scaledobject.keda.sh/transfer-hpa-ownership']).toBe('true');
      expect(scaling.advanced.horizontalPodAutoscalerConfig.name).toBe(name);
      const rabbitmq = scaling.triggers.find((trigger) => trigger.type === 'rabbitmq')!;
      expect(rabbitmq.metadata.queueName).toBe(topologyNames('support-hub.events', service).queue);
      const auth = spec<{ secretTargetRef: { parameter: string; name: string; key: string }[] }>(named('TriggerAuthentication', rabbitmq.authenticationRef!.name));
      expect(auth.secretTargetRef).toEqual([{ parameter: 'host', name, key: 'AMQP_URL' }]);
    });

    it("has a Secret template with its own broker and database users and no real value", () => {
      const secret = named('Secret', name)!;
      const data = secret.stringData as Record<string, string>;
      expect(new URL(data.AMQP_URL).username).toBe(name);
      expect(new URL(data.MONGODB_URI).username).toBe(name);
      expect(Object.values(data).every((value) => value.includes('CHANGE_ME'))).toBe(true);
    });

    it('takes requests from the gateway only and talks to the broker, the database, DNS and https only', () => {
      const policies = ofKind('NetworkPolicy').map((policy) => spec<NetworkPolicySpec>(policy)).filter((policy) => selects(policy.podSelector, pod.metadata.labels));
      const from = policies.flatMap((policy) => policy.ingress ?? []).flatMap((rule) => rule.from ?? []);
      expect(from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'support-hub-gateway' } } }]);
      const to = policies.flatMap((policy) => policy.egress ?? []).flatMap((rule) => (rule.to ?? []).map((peer) => peer.podSelector?.matchLabels ?? peer.ipBlock));
      const destinations = new Set(to.map((peer) => JSON.stringify(peer)));
      const expected = [{ 'app.kubernetes.io/name': 'rabbitmq' }, { 'app.kubernetes.io/name': 'mongodb' }, { 'k8s-app': 'kube-dns' }].map((labels) => JSON.stringify(labels));
      for (const destination of expected) expect(destinations).toContain(destination);
      // Beyond those, only addresses outside the cluster's private ranges (the JWKS over https; mail for invitation).
      const others = to.filter((peer) => !expected.includes(JSON.stringify(peer)));
      expect(others.every((peer) => (peer as { cidr?: string }).cidr === '0.0.0.0/0')).toBe(true);
      const everyPodDenied = ofKind('NetworkPolicy').some((policy) => Object.keys(spec<NetworkPolicySpec>(policy).podSelector).length === 0 && spec<NetworkPolicySpec>(policy).policyTypes.length === 2);
      expect(everyPodDenied).toBe(true);
    });
  });

  it('sets up the broker users with a Job running scripts/provision-broker.js and a Secret template for every service password', () => {
    const job = named('Job', 'support-hub-broker-setup')!;
    const [container] = spec<{ template: { spec: PodSpec } }>(job).template.spec.containers;
    expect(container.command).toEqual(['node', 'scripts/provision-broker.js']);
    const setupSecret = named('Secret', 'support-hub-broker-setup')!.stringData as Record<string, string>;
    expect(Object.keys(setupSecret).sort()).toEqual(['RABBITMQ_ADMIN_URL', ...SERVICE_NAMES.map((service) => `${service.toUpperCase()}_BROKER_PASSWORD`)].sort());
    expect(container.envFrom?.map((source) => source.secretRef?.name ?? source.configMapRef?.name)).toEqual(['support-hub-config', 'support-hub-broker-setup']);
  });

  it('holds the identity provider settings in a Secret template', () => {
    const auth = named('Secret', 'support-hub-auth')!.stringData as Record<string, string>;
    expect(Object.keys(auth).sort()).toEqual(['AUTH_AUDIENCE', 'AUTH_ISSUER', 'AUTH_JWKS_URI', 'VENDOR_TENANT_ID']);
    expect(auth.AUTH_JWKS_URI).toMatch(/^https:\/\//);
  });
});
