import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CONSOLE_INDEX = '<!doctype html><title>Support Hub</title><script type="module" src="/assets/app-abc123.js"></script>';
export const CONSOLE_SCRIPT = 'console.log("console")';

/** A stand-in for console/dist (what `npm run console:build` writes): index.html and one hashed asset. */
export function consoleBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'support-hub-console-'));
  // nginx's workers (nobody, when the tests run as root) read it.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), CONSOLE_INDEX);
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), CONSOLE_SCRIPT);
  return dir;
}
