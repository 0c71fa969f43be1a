import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { EventData, EventEnvelope, EventType } from '@support-hub/contracts';
import { PERSONAL_ACCOUNT_TENANT_ID } from '@support-hub/auth';
import { DEFAULT_VENDOR_TENANT_ID } from '@support-hub/platform';
import { createTestApp, eventually, TestEnvironment } from '@support-hub/testing';
import { loadInvitationConfig } from '../../../invitation/src/config/invitation.config';
import { InvitationServiceModule } from '../../../invitation/src/invitation.module';
import { loadWorkspaceConfig } from '../../src/config/workspace.config';
import { WorkspaceServiceModule } from '../../src/workspace.module';

/** A person in a test: their token claims, and a token on demand. */
export interface TestUser {
  id: string;
  email: string;
  name: string;
  tenantId: string;
  roles: string[];
}

export interface ReceivedMail {
  file: string;
  to: string;
  subject: string;
  raw: string;
  /** The token of the accept link (`…?token=<token>`), as the recipient reads it. */
  token: string;
}

const TOKEN_IN_LINK = /token=([A-Za-z0-9_-]{43})\b/;

/**
 * The workspace and invitation services as they run, in one Jest process: their real modules,
 * one TestEnvironment (embedded MongoDB, a private exchange on the machine's RabbitMQ), and the
 * invitation service's mailbox folder, read the way a person would read it.
 */
export class HubHarness {
  private readonly seenMail = new Set<string>();

  private constructor(
    readonly env: TestEnvironment,
    readonly workspaceApp: NestFastifyApplication,
    readonly invitationApp: NestFastifyApplication,
    readonly mailDir: string,
  ) {}

  static async start(options: { workspace?: Record<string, string>; invitation?: Record<string, string> } = {}): Promise<HubHarness> {
    const env = await TestEnvironment.start();
    const mailDir = join(env.dataDir, 'mailbox');
    const common = { RATE_LIMIT_PER_MINUTE: '100000' };
    const workspaceConfig = loadWorkspaceConfig(env.env('workspace', { ...common, ...options.workspace }));
    const invitationConfig = loadInvitationConfig(
      env.env('invitation', { MAIL_DIR: mailDir, MAIL_POLL_MS: '200', ...common, ...options.invitation }),
    );
    const workspaceApp = await createTestApp(WorkspaceServiceModule.register(workspaceConfig), workspaceConfig);
    const invitationApp = await createTestApp(InvitationServiceModule.register(invitationConfig), invitationConfig);
    return new HubHarness(env, workspaceApp, invitationApp, mailDir);
  }

  async stop(): Promise<void> {
    await this.workspaceApp?.close();
    await this.invitationApp?.close();
    await this.env?.stop();
  }

  workspace(): request.Agent {
    return request.agent(this.workspaceApp.getHttpServer());
  }

  invitation(): request.Agent {
    return request.agent(this.invitationApp.getHttpServer());
  }

  bearer(user: TestUser): string {
    return `Bearer ${this.env.token({ sub: user.id, email: user.email, name: user.name, tid: user.tenantId, roles: user.roles })}`;
  }

  /**
   * Publishes an event as another service (case, access) would: a plain JSON envelope on the
   * run's exchange, persistent, with confirms and the routing key as AMQP type.
   */
  async publish<T extends EventType>(type: T, data: EventData<T>, extra: { workspaceId?: string; id?: string; source?: string } = {}): Promise<EventEnvelope<T>> {
    return this.env.publishAsOwner(type, data, extra);
  }

  /**
   * A contract made and activated by `csam`, its default workspace's invitations accepted by
   * `admin` and `members` (they must be the contract's service admin and contacts), and their
   * memberships applied by the workspace service.
   */
  async activeContract(
    csam: TestUser,
    admin: TestUser,
    members: TestUser[] = [],
    overrides: Record<string, unknown> = {},
  ): Promise<{ contractId: string; workspaceId: string }> {
    const created = await this.workspace()
      .post('/api/v1/contracts')
      .set('authorization', this.bearer(csam))
      .send(contractBody(overrides, { admin, contacts: members }))
      .expect(201);
    const activated = await this.workspace().post(`/api/v1/contracts/${created.body.id}/activate`).set('authorization', this.bearer(csam)).expect(200);
    const workspaceId: string = activated.body.defaultWorkspaceId;
    for (const user of [admin, ...members]) await this.acceptNextInvitation(user, workspaceId);
    return { contractId: created.body.id, workspaceId };
  }

  /** Reads the next email to `user`, accepts it as them, and waits for the membership. */
  async acceptNextInvitation(user: TestUser, workspaceId: string): Promise<void> {
    const mail = await this.nextMailTo(user.email);
    await this.invitation().post('/api/v1/invitations/accept').set('authorization', this.bearer(user)).send({ token: mail.token }).expect(200);
    await this.awaitMembership(user, workspaceId);
  }

  async awaitMembership(user: TestUser, workspaceId: string): Promise<void> {
    await eventually(
      async () => (await this.workspace().get(`/api/v1/workspaces/${workspaceId}`).set('authorization', this.bearer(user))).status === 200,
      { what: `${user.name} to be a member of ${workspaceId}` },
    );
  }

  /** Waits until the invitation service (from workspace.member-* events) lets `user` manage invitations. */
  async awaitInvitationRights(user: TestUser, workspaceId: string): Promise<void> {
    await eventually(
      async () => (await this.invitation().get(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', this.bearer(user))).status === 200,
      { what: `the invitation service to know ${user.name} as an admin of ${workspaceId}` },
    );
  }

  /** How many deliveries of `type` a service has handled, from its /metrics (a probe, not a sleep). */
  async handledCount(service: 'workspace' | 'invitation', type: EventType): Promise<number> {
    const app = service === 'workspace' ? this.workspaceApp : this.invitationApp;
    const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
    const line = metrics.text
      .split('\n')
      .find((text) => text.startsWith('messaging_consumed_total{') && text.includes(`service="${service}"`) && text.includes(`type="${type}"`) && text.includes('outcome="handled"'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  /** Every message in the mailbox folder, oldest first. */
  async mailbox(): Promise<ReceivedMail[]> {
    const files = (await readdir(this.mailDir).catch(() => [] as string[])).filter((file) => file.endsWith('.eml')).sort();
    return Promise.all(files.map(async (file) => parseMail(file, await readFile(join(this.mailDir, file), 'utf8'))));
  }

  /** Waits for the next email to `email` this test has not read yet. */
  async nextMailTo(email: string): Promise<ReceivedMail> {
    const mail = await eventually(
      async () => (await this.mailbox()).find((message) => message.to === email.toLowerCase() && !this.seenMail.has(message.file)),
      { what: `an invitation email to ${email}` },
    );
    this.seenMail.add(mail.file);
    return mail;
  }

  /** Marks every email now in the mailbox as read. */
  async readAllMail(): Promise<void> {
    for (const mail of await this.mailbox()) this.seenMail.add(mail.file);
  }
}

function parseMail(file: string, raw: string): ReceivedMail {
  const header = (name: string) => raw.match(new RegExp(`^${name}: (.*)$`, 'mi'))?.[1]?.trim() ?? '';
  return { file, to: header('To').toLowerCase(), subject: header('Subject'), raw, token: raw.match(TOKEN_IN_LINK)?.[1] ?? '' };
}

let counter = 0;

/** A new person with a unique id and address; `personal` signs in with a Personal Microsoft account. */
export function person(name: string, options: { roles?: string[]; tenantId?: string; personal?: boolean; email?: string } = {}): TestUser {
  counter += 1;
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${counter}`;
  return {
    id: `user-${slug}-${randomUUID().slice(0, 8)}`,
    email: options.email ?? `${slug}@${options.personal ? 'outlook.com' : 'contoso.com'}`,
    name,
    tenantId: options.personal ? PERSONAL_ACCOUNT_TENANT_ID : (options.tenantId ?? CUSTOMER_TENANT),
    roles: options.roles ?? [],
  };
}

export const CUSTOMER_TENANT = '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50';
/** The tenant of vendor staff: the VENDOR_TENANT_ID the services under test run with. */
export const VENDOR_TENANT = DEFAULT_VENDOR_TENANT_ID;

export function contractBody(overrides: Record<string, unknown> = {}, people: { admin: TestUser; contacts?: TestUser[] }): Record<string, unknown> {
  const now = Date.now();
  return {
    customerName: 'Contoso Ltd',
    customerTenantId: CUSTOMER_TENANT,
    type: 'unified',
    startsAt: new Date(now + 30 * 24 * 3600_000).toISOString(),
    endsAt: new Date(now + 395 * 24 * 3600_000).toISOString(),
    serviceAdmin: { email: people.admin.email, name: people.admin.name },
    supportContacts: (people.contacts ?? []).map((contact) => ({ email: contact.email, name: contact.name })),
    services: ['reactive-support', 'proactive-assessments', 'workshops'],
    ...overrides,
  };
}
