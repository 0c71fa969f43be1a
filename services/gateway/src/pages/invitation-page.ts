import type { FastifyInstance } from 'fastify';

const TOKEN = /^[A-Za-z0-9_-]{20,128}$/;

/**
 * Where an invitation email's link lands when no front end is deployed (INVITATION_ACCEPT_URL
 * defaults here). Accepting is a POST by the signed-in invitee, which a link cannot make: the
 * page says how, with the token from the link.
 */
export function registerInvitationPage(gateway: FastifyInstance): void {
  gateway.get<{ Querystring: { token?: string } }>('/invitations/accept', (request, reply) => {
    const token = TOKEN.test(request.query.token ?? '') ? request.query.token! : null;
    const body = token
      ? `<p>To join the workspace, sign in with the invited address and accept with this token:</p>
<pre>curl -X POST &lt;this gateway&gt;/api/v1/invitations/accept \\
  -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
  -d '{"token":"${token}"}'</pre>`
      : '<p>This link has no valid invitation token. Use the link from the newest invitation email.</p>';
    return reply
      .type('text/html')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Accept your invitation</title></head><body><h1>Support Hub invitation</h1>${body}</body></html>`);
  });
}
