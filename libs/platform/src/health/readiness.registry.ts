import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => boolean | Promise<boolean>;

/**
 * Dependencies register how to tell whether they are reachable (database, broker);
 * GET /health/ready answers 200 only when every check passes.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async evaluate(): Promise<{ ready: boolean; checks: Record<string, 'up' | 'down'> }> {
    const results: Record<string, 'up' | 'down'> = {};
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        results[name] = (await Promise.resolve(check()).catch(() => false)) ? 'up' : 'down';
      }),
    );
    return { ready: Object.values(results).every((state) => state === 'up'), checks: results };
  }
}
