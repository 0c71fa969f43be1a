import type { Logger } from '@nestjs/common';

/**
 * Work that runs every `intervalMs` in the background (sweeps, resyncs, samples): never two runs
 * at once (a tick during a run is skipped), a failure logged and retried at the next tick, the
 * timer unref'd so it never holds the process open. `intervalMs <= 0` turns it off.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly what: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs now, or joins the run in progress. Never rejects: failures are logged. */
  runNow(): Promise<void> {
    this.running ??= this.work()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`${this.what} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
