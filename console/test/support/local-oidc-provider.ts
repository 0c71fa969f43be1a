// Starts oidc-provider.mjs (a local OpenID provider) as a child process for a browser test.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ProviderPerson {
  name: string;
  email: string;
  tid: string;
  roles?: string[];
  wids?: string[];
}

export interface ProviderSettings {
  clientId: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  audience: string;
  /** By login, which is also the person's `sub`. */
  people: Record<string, ProviderPerson>;
}

export class LocalOidcProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
    readonly jwksUri: string,
  ) {}

  /** Resolves once the provider listens (its first stdout line names the issuer). */
  static start(settings: ProviderSettings): Promise<LocalOidcProvider> {
    const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: { ...process.env, OIDC_TEST_SETTINGS: JSON.stringify(settings), NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${errors}`)));
      createInterface({ input: child.stdout! }).once('line', (line) => {
        const { issuer, jwksUri } = JSON.parse(line) as { issuer: string; jwksUri: string };
        child.removeAllListeners('exit');
        resolve(new LocalOidcProvider(child, issuer, jwksUri));
      });
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
