import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import amqp from 'amqplib';
import request from 'supertest';
import type { EventData, EventEnvelope, EventType } from '@support-hub/contracts';
import { DEFAULT_VENDOR_TENANT_ID, type Clock } from '@support-hub/platform';
import { EventConsumer, topologyNames } from '@support-hub/messaging';
import { createTestApp, eventually, TestEnvironment } from '@support-hub/testing';
import { CaseServiceModule } from '../../../case/src/case.module';
import { loadCaseConfig } from '../../../case/src/config/case.config';
import { AccessServiceModule } from '../../src/access.module';
import { loadAccessConfig } from '../../src/config/access.config';

/** A person in a test: their token claims. */
export interface TestUser {
  id: string;
  email: string;
  name: string;
  tenantId: string;
  roles: string[];
  /** Directory roles as Entra sends them: role template ids (the `wids` claim). */
  wids?: string[];
}

/** The tenant of vendor staff: the VENDOR_TENANT_ID the services under test run with. */
export const VENDOR_TENANT = DEFAULT_VENDOR_TENANT_ID;
export const TENANT_A = 'a0a0a0a0-1111-4c3e-8f9a-0b1c2d3e4f50';
export const TENANT_B = 'b0b0b0b0-2222-4c3e-8f9a-0b1c2d3e4f51';
export const TENANT_C = 'c0c0c0c0-3333-4c3e-8f9a-0b1c2d3e4f52';
export const SUPPORT_ADMIN_ROLE = 'Service Support Administrator';

let counter = 0;

export function person(name: string, options: { roles?: string[]; wids?: string[]; tenantId?: string; id?: string } = {}): TestUser {
  counter += 1;
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${counter}`;
  return {
    id: options.id ?? `user-${slug}-${randomUUID().slice(0, 8)}`,
    email: `${slug}@example.com`,
    name,
    tenantId: options.tenantId ?? TENANT_A,
    roles: options.roles ?? [],
    ...(options.wids ? { wids: options.wids } : {}),
  };
}

/** The same person signed in with another tenant in their token (an admin of two tenants). */
export function inTenant(user: TestUser, tenantId: string, roles = user.roles): TestUser {
  return { ...user, tenantId, roles };
}

export interface HarnessOptions {
  case?: Record<string, string>;
  access?: Record<string, string>;
  accessClock?: Clock;
  caseClock?: Clock;
}

/**
 * The case and access services as they run, in one Jest process: their real modules, one
 * TestEnvironment (embedded MongoDB, a private exchange on the machine's RabbitMQ). Workspace
 * facts and memberships are seeded the way the workspace service announces them: as events
 * on the bus.
 */
export class SupportHarness {
  private workspaceRevisions = new Map<string, number>();

  private constructor(
    readonly env: TestEnvironment,
    public caseApp: NestFastifyApplication,
    public accessApp: NestFastifyApplication | null,
    private readonly options: HarnessOptions,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<SupportHarness> {
    const env = await TestEnvironment.start();
    const caseConfig = loadCaseConfig(env.env('case', { RATE_LIMIT_PER_MINUTE: '100000', ...options.case }));
    const caseApp = await createTestApp(CaseServiceModule.register(caseConfig, { clock: options.caseClock }), caseConfig);
    const harness = new SupportHarness(env, caseApp, null, options);
    await harness.startAccess();
    return harness;
  }

  async startAccess(): Promise<void> {
    const config = loadAccessConfig(this.env.env('access', { RATE_LIMIT_PER_MINUTE: '100000', ...this.options.access }));
    this.accessApp = await createTestApp(AccessServiceModule.register(config, { clock: this.options.accessClock }), config);
  }

  async stopAccess(): Promise<void> {
    await this.accessApp?.close();
    this.accessApp = null;
  }

  async stop(): Promise<void> {
    await this.caseApp?.close();
    await this.accessApp?.close();
    await this.env?.stop();
  }

  case(): request.Agent {
    return request.agent(this.caseApp.getHttpServer());
  }

  access(): request.Agent {
    if (!this.accessApp) throw new Error('the access service is stopped');
    return request.agent(this.accessApp.getHttpServer());
  }

  /** Requests to the access service as `user`. */
  as(user: TestUser) {
    return {
      get: (path: string) => this.access().get(path).set('authorization', this.bearer(user)),
      post: (path: string, body: object = {}) => this.access().post(path).set('authorization', this.bearer(user)).send(body),
    };
  }

  /** `GET /access-grants/check` for `user` about `tenantId`. */
  async check(user: TestUser, tenantId: string): Promise<{ allowed: boolean; basis?: string; grantId?: string }> {
    return (await this.as(user).get(`/api/v1/access-grants/check?tenantId=${tenantId}`).expect(200)).body;
  }

  /** Waits until `engineer` holds consent access to `tenantId`. */
  consentGrant(engineer: TestUser, tenantId: string) {
    return eventually(async () => {
      const answer = await this.check(engineer, tenantId);
      return answer.allowed && answer.basis === 'consent' ? answer : undefined;
    }, { what: `consent access of ${engineer.name}` });
  }

  bearer(user: TestUser): string {
    return `Bearer ${this.env.token({ sub: user.id, email: user.email, name: user.name, tid: user.tenantId, roles: user.roles, wids: user.wids })}`;
  }

  /** Publishes an event as another service would: a plain JSON envelope, persistent, confirmed. */
  async publish<T extends EventType>(type: T, data: EventData<T>, extra: { workspaceId?: string; id?: string } = {}): Promise<EventEnvelope<T>> {
    return this.env.publishAsOwner(type, data, extra);
  }

  private nextRevision(workspaceId: string): number {
    const revision = (this.workspaceRevisions.get(workspaceId) ?? 0) + 1;
    this.workspaceRevisions.set(workspaceId, revision);
    return revision;
  }

  /**
   * A workspace as the workspace service announces it: `workspace.created` (with its contract's
   * CSAM/AC) then one `member-added` per person; returns once the case service knows them all.
   */
  async workspace(
    people: { admins?: TestUser[]; members?: TestUser[]; csam?: TestUser; accountCoordinator?: TestUser; contractId?: string; allowPersonalAccounts?: boolean } = {},
  ): Promise<string> {
    const workspaceId = randomUUID();
    const contractId = people.contractId ?? randomUUID();
    await this.publish(
      'workspace.created',
      {
        workspaceId,
        contractId,
        customerTenantId: TENANT_A,
        contractType: 'unified',
        name: 'Default',
        isDefault: true,
        services: ['Proactive'],
        allowPersonalAccounts: people.allowPersonalAccounts ?? false,
        csamId: people.csam?.id ?? null,
        accountCoordinatorId: people.accountCoordinator?.id ?? null,
        initialInvitations: [],
        revision: this.nextRevision(workspaceId),
      },
      { workspaceId },
    );
    for (const admin of people.admins ?? []) await this.addMember(workspaceId, contractId, admin, 'admin');
    for (const member of people.members ?? []) await this.addMember(workspaceId, contractId, member, 'member');
    const everyone = [...(people.admins ?? []), ...(people.members ?? [])];
    for (const user of everyone) await this.awaitMembership(workspaceId, user);
    if (people.csam) await this.awaitMembership(workspaceId, people.csam);
    return workspaceId;
  }

  async addMember(workspaceId: string, contractId: string, user: TestUser, role: 'admin' | 'member'): Promise<void> {
    await this.publish(
      'workspace.member-added',
      { workspaceId, contractId, userId: user.id, email: user.email, role, permissions: [], revision: this.nextRevision(workspaceId) },
      { workspaceId },
    );
  }

  /** The CSAM/AC turned the Personal-account policy on or off (`workspace.settings-changed`). */
  async changePersonalAccountPolicy(workspaceId: string, allowPersonalAccounts: boolean): Promise<void> {
    await this.publish('workspace.settings-changed', { workspaceId, allowPersonalAccounts, services: ['Proactive'], revision: this.nextRevision(workspaceId) }, { workspaceId });
  }

  async removeMember(workspaceId: string, user: TestUser): Promise<void> {
    await this.publish('workspace.member-removed', { workspaceId, userId: user.id, revision: this.nextRevision(workspaceId) }, { workspaceId });
  }

  /** Waits until the case service lets `user` list the workspace's cases. */
  async awaitMembership(workspaceId: string, user: TestUser): Promise<void> {
    await eventually(async () => (await this.case().get(`/api/v1/workspaces/${workspaceId}/cases`).set('authorization', this.bearer(user))).status === 200, {
      what: `${user.name} to be known in workspace ${workspaceId}`,
    });
  }

  async registerEngineer(manager: TestUser, engineer: TestUser, expertise: string[], active = true): Promise<void> {
    await this.case()
      .post('/api/v1/engineers')
      .set('authorization', this.bearer(manager))
      .send({ userId: engineer.id, name: engineer.name, email: engineer.email, expertise, active })
      .expect(201);
  }

  /** An engineer of a product area of their own, so no other test's case lands on them. */
  async engineerWithArea(manager: TestUser, name: string): Promise<{ engineer: TestUser; productArea: string }> {
    const engineer = person(name, { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    const productArea = `area-${randomUUID().slice(0, 8)}`;
    await this.registerEngineer(manager, engineer, [productArea]);
    return { engineer, productArea };
  }

  /** Opens a case and waits until the access service holds its copy at the case's revision. */
  async openCase(
    opener: TestUser,
    workspaceId: string,
    body: Partial<{ title: string; description: string; severity: 'A' | 'B' | 'C'; productArea: string; resourceTenantId: string; allowAdvancedDiagnostics: boolean }> = {},
  ): Promise<{ id: string; assignedEngineerId: string | null; revision: number; requestTenantId: string; resourceTenantId: string }> {
    const response = await this.case()
      .post(`/api/v1/workspaces/${workspaceId}/cases`)
      .set('authorization', this.bearer(opener))
      .send({ title: 'Sign-ins fail', description: 'Users cannot sign in since Monday', severity: 'B', productArea: 'identity', allowAdvancedDiagnostics: false, ...body })
      .expect(201);
    return response.body;
  }

  /** Files an access request, retrying while the access service has not yet heard of the assignment. */
  async fileRequest(
    engineer: TestUser,
    body: { caseId: string; resourceTenantId: string; justification?: string; durationHours?: number },
    retryOn: number[] = [404],
  ): Promise<{ id: string; status: string; grantId: string | null }> {
    const response = await eventually(
      async () => {
        const attempt = await this.access()
          .post('/api/v1/access-requests')
          .set('authorization', this.bearer(engineer))
          .send({ justification: 'Need the sign-in logs', ...body });
        if (retryOn.includes(attempt.status)) return undefined;
        return attempt;
      },
      { what: `the access service to know case ${body.caseId}` },
    );
    expect(response.status).toBe(201);
    return response.body;
  }

  /**
   * Waits until the access service has handled everything on its queue: nothing ready in the
   * queue and no handler in flight, a few polls in a row.
   */
  async accessDrained(): Promise<void> {
    const queue = topologyNames(this.env.exchange, 'access').queue;
    const transport = this.accessApp!.get(EventConsumer, { strict: false });
    const connection = await amqp.connect(this.env.amqpUrl);
    try {
      const channel = await connection.createChannel();
      let quiet = 0;
      await eventually(
        async () => {
          const { messageCount } = await channel.checkQueue(queue);
          quiet = messageCount === 0 && transport.inFlightCount === 0 ? quiet + 1 : 0;
          return quiet >= 5;
        },
        { what: 'the access service to drain its queue' },
      );
      await channel.close();
    } finally {
      await connection.close();
    }
  }

  /** Diagnostic reads that returned data, per tenant: each must have left an audit record. */
  readonly successfulReads = new Map<string, number>();

  async diagnostics(engineer: TestUser, tenantId: string, set = 'sign-ins'): Promise<request.Response> {
    const response = await this.access().get(`/api/v1/tenants/${tenantId}/diagnostics/${set}`).set('authorization', this.bearer(engineer));
    if (response.status === 200) this.successfulReads.set(tenantId, (this.successfulReads.get(tenantId) ?? 0) + 1);
    return response;
  }
}
