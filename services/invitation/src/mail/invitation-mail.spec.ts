import { acceptLink, invitationMail } from './invitation-mail';
import { MailboxTransport } from './mailbox.transport';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const input = {
  from: 'Support Hub <no-reply@support-hub.local>',
  to: 'ada@contoso.com',
  workspaceName: 'Équipe <Finance>',
  role: 'admin' as const,
  acceptUrl: 'https://portal.example.com/invitations/accept',
  token: 'A-b_C'.repeat(8) + 'xyz',
  expiresAt: new Date('2030-01-15T00:00:00Z'),
};

describe('invitation email', () => {
  it('links to the accept page with ?token= (or &token= when the page has a query)', () => {
    expect(acceptLink('https://x.test/accept', 'T')).toBe('https://x.test/accept?token=T');
    expect(acceptLink('https://x.test/accept?lang=fr', 'T')).toBe('https://x.test/accept?lang=fr&token=T');
  });

  it('is written to the mailbox as one .eml whose link reads exactly as sent (no quoted-printable)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mailbox-'));
    try {
      const transport = new MailboxTransport(directory);
      await transport.send(invitationMail(input));
      transport.close();
      const files = readdirSync(directory);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const raw = readFileSync(join(directory, files[0]), 'utf8');
      expect(raw).toMatch(/^To: ada@contoso\.com$/m);
      expect(raw).toContain(`\nhttps://portal.example.com/invitations/accept?token=${input.token}\n`);
      expect(raw).toContain('Équipe <Finance>" as a workspace administrator');
      expect(raw).toContain('<strong>Équipe &#60;Finance&#62;</strong>');
      expect(raw).not.toContain('token=3D');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
