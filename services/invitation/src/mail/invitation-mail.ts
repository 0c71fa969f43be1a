import type { MailMessage } from './mail-message';
import { escapeHtml, mimePart } from './mime';

export interface InvitationMailInput {
  from: string;
  to: string;
  workspaceName: string;
  role: 'admin' | 'member';
  acceptUrl: string;
  token: string;
  expiresAt: Date;
}

/** `<INVITATION_ACCEPT_URL>?token=<token>` (or `&token=` when the page URL has a query already). */
export function acceptLink(acceptUrl: string, token: string): string {
  return `${acceptUrl}${acceptUrl.includes('?') ? '&' : '?'}token=${token}`;
}

/** The invitation email; both parts 8bit (see mime.ts), so the link reads exactly as sent. */
export function invitationMail(input: InvitationMailInput): MailMessage {
  const link = acceptLink(input.acceptUrl, input.token);
  const role = input.role === 'admin' ? 'a workspace administrator' : 'a member';
  const expires = input.expiresAt.toISOString();
  const text = [
    'Hello,',
    '',
    `You are invited to join the Support Hub workspace "${input.workspaceName}" as ${role}.`,
    '',
    'To accept, open this link and sign in with the account of this email address:',
    '',
    link,
    '',
    `The invitation expires at ${expires}. Each invitation can be used once.`,
    'If you did not expect it, ignore this email.',
    '',
  ].join('\n');
  const html = [
    '<!doctype html>',
    '<html><body>',
    `<p>You are invited to join the Support Hub workspace <strong>${escapeHtml(input.workspaceName)}</strong> as ${role}.</p>`,
    `<p><a href="${escapeHtml(link)}">Accept the invitation</a></p>`,
    '<p>Sign in with the account of this email address.',
    `The invitation expires at ${expires}. Each invitation can be used once.</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return {
    from: input.from,
    to: input.to,
    subject: `Invitation to the "${input.workspaceName}" workspace`,
    textPart: mimePart('text/plain', text),
    htmlPart: mimePart('text/html', html),
  };
}
