import { join } from 'node:path';
import { baseConfigSchema, loadConfig } from '@support-hub/platform';
import { z } from 'zod';

export const invitationConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** Days an invitation stays acceptable; resending starts the period again. */
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /**
   * The front-end page the email links to, with `?token=<token>` appended. The page reads the
   * token, signs the user in and calls `POST /api/v1/invitations/accept {token}` for them; the
   * default is the gateway's page of the embedded default, which says how to accept
   * (an email link can only make a GET; accepting is a POST by a signed-in user).
   */
  INVITATION_ACCEPT_URL: z.url().default('http://127.0.0.1:8080/invitations/accept'),
  /** How often expired invitations are recorded and `invitation.expired` published; 0 turns the sweep off. */
  INVITATION_EXPIRY_SWEEP_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /**
   * The web console the access-request emails link to (`/admin?requestId=…` for approvers,
   * `/engineer?requestId=…` for the engineer). Default: the origin of INVITATION_ACCEPT_URL.
   */
  CONSOLE_URL: z.url().optional(),
  /** SMTP server, e.g. `smtp://user:pass@mail.example.com:587`. Unset: write `.eml` files to MAIL_DIR. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  /** The local mailbox folder used when SMTP_URL is unset (default `<DATA_DIR>/mailbox`). */
  MAIL_DIR: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('Support Hub <no-reply@support-hub.local>'),
  /** Fallback poll of the mail sender; the normal path is a nudge right after the commit. */
  MAIL_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** Sending attempts before an invitation's delivery is marked failed (resend starts again). */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay; it doubles per attempt, capped at 15 minutes. */
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
});

export type InvitationConfig = Omit<z.infer<typeof invitationConfigSchema>, 'MAIL_DIR' | 'CONSOLE_URL'> & {
  SERVICE_NAME: 'invitation';
  MAIL_DIR: string;
  CONSOLE_URL: string;
};

export function loadInvitationConfig(env: Record<string, string | undefined> = process.env): InvitationConfig {
  const config = loadConfig(invitationConfigSchema, env);
  return {
    ...config,
    MAIL_DIR: config.MAIL_DIR ?? join(config.DATA_DIR, 'mailbox'),
    CONSOLE_URL: (config.CONSOLE_URL ?? new URL(config.INVITATION_ACCEPT_URL).origin).replace(/\/+$/, ''),
    SERVICE_NAME: 'invitation',
  };
}
