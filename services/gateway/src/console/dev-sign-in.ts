import type { KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { directoryRoleByTemplateId, DIRECTORY_ROLES, isVendorRole, loadOrCreateDevSigningKey, signDevToken } from '@support-hub/auth';

/**
 * Development sign-in for the console: tokens for any example user, signed with the same local
 * development key the services verify (`npm run token` does the same on the command line).
 * Registered only while the services run on that key (usesDevelopmentKey): never in production,
 * where the identity provider issues the tokens.
 */
export interface DevSignInOptions {
  keyFile: string;
  issuer: string;
  audience: string;
  vendorTenantId: string;
  /** Lifetime of a minted token; at most the services' AUTH_MAX_TOKEN_LIFETIME. */
  ttlSeconds: number;
}

/** The people of the README's walkthrough, so a developer can act as each in one click. */
export const EXAMPLE_CUSTOMER_TENANT_ID = '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50';

export function examplePeople(vendorTenantId: string) {
  return [
    { sub: 'csam-1', name: 'Carla', email: 'carla@vendor.example', tid: vendorTenantId, roles: ['csam'], title: 'Customer Success Account Manager' },
    { sub: 'mgr-1', name: 'Max', email: 'max@vendor.example', tid: vendorTenantId, roles: ['support-manager'], title: 'Support manager' },
    { sub: 'eng-1', name: 'Erin', email: 'erin@vendor.example', tid: vendorTenantId, roles: ['support-engineer'], title: 'Support engineer' },
    { sub: 'ada-1', name: 'Ada', email: 'ada@contoso.com', tid: EXAMPLE_CUSTOMER_TENANT_ID, roles: ['Global Administrator'], title: 'Contoso tenant administrator' },
    { sub: 'bob-1', name: 'Bob', email: 'bob@contoso.com', tid: EXAMPLE_CUSTOMER_TENANT_ID, roles: [], title: 'Contoso support contact' },
  ];
}

const knownRole = (role: string) => isVendorRole(role) || DIRECTORY_ROLES.includes(role);

const tokenRequestSchema = z.strictObject({
  sub: z.string().trim().min(1).max(100),
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200).optional(),
  tid: z.guid('tid must be a directory tenant id (GUID)'),
  roles: z.array(z.string().refine(knownRole, { message: 'unknown role (roles are case-sensitive)' })).max(10).default([]),
  // Entra sends directory roles as template ids in `wids`; the services read both, so may the sign-in.
  wids: z.array(z.string().refine((templateId) => directoryRoleByTemplateId(templateId) !== undefined, { message: 'not the template id of a known directory role' })).max(10).optional(),
});

/** The development key mode of the services: no identity provider is configured, not production. */
export function usesDevelopmentKey(config: { NODE_ENV: string; AUTH_JWKS_URI?: string }): boolean {
  return config.NODE_ENV !== 'production' && !config.AUTH_JWKS_URI;
}

/** `GET /dev/people` and `POST /dev/token`, for the console's development sign-in page. */
export async function registerDevSignIn(gateway: FastifyInstance, options: DevSignInOptions): Promise<void> {
  let key: KeyObject | undefined;
  const signingKey = () => (key ??= loadOrCreateDevSigningKey(options.keyFile));

  await gateway.register(async (app) => {
    // The gateway passes bodies on as bytes, unparsed; this route reads its own JSON.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error('The body is not JSON'), { statusCode: 400 }), undefined);
      }
    });

    app.get('/dev/people', async () => ({ items: examplePeople(options.vendorTenantId), vendorTenantId: options.vendorTenantId }));

    app.post('/dev/token', async (request, reply) => {
      const parsed = tokenRequestSchema.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return reply.code(400).send({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: `${issue.path.join('.') || 'body'}: ${issue.message}` });
      }
      const token = signDevToken(signingKey(), { ...parsed.data, ttlSeconds: options.ttlSeconds }, options.issuer, options.audience);
      // A bearer token must never sit in a cache.
      reply.header('cache-control', 'no-store');
      return { token, expiresAt: new Date(Date.now() + options.ttlSeconds * 1000).toISOString() };
    });
  });
}
