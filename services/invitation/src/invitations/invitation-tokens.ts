import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';

export interface IssuedToken {
  /** Goes into the email only. */
  token: string;
  /** What the database keeps. */
  hash: string;
}

/**
 * Invitation tokens: 256 random bits, base64url. A token this random needs no slow hash
 * (there is nothing to brute-force), so SHA-256 is the right stored form; lookups are by hash.
 */
@Injectable()
export class InvitationTokens {
  issue(): IssuedToken {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashOf(token) };
  }

  hashOf(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }
}
