import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { toNodemailer, type MailMessage, type MailTransport } from './mail-message';

/**
 * The embedded default: nodemailer builds the real message (stream transport, no network) and
 * each one becomes a `.eml` file in the mailbox folder, which any mail client opens and tests
 * read. The file appears complete or not at all (written aside, then renamed).
 */
export class MailboxTransport implements MailTransport {
  private readonly builder = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly directory: string) {}

  async send(message: MailMessage): Promise<void> {
    const info = await this.builder.sendMail(toNodemailer(message));
    await mkdir(this.directory, { recursive: true });
    // Time first, so a folder listing reads in sending order.
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
    const temporary = join(this.directory, `.${name}.tmp`);
    await writeFile(temporary, info.message as Buffer, { mode: 0o600 });
    await rename(temporary, join(this.directory, `${name}.eml`));
  }

  onApplicationShutdown(): void {
    this.close();
  }

  close(): void {
    this.builder.close();
  }
}
