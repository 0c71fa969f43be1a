import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The embedded default signs tokens with a local HS256 key made once into the data folder,
 * shared by the token CLI and the services started by `npm start`. It is a KeyObject, not a
 * string: jsonwebtoken verifies a string secret about 50x slower.
 */
export function loadOrCreateDevSigningKey(file: string): KeyObject {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    chmodSync(file, 0o600);
  }
  return createSecretKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
}
