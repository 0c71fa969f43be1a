import type { Logger } from '@nestjs/common';

/**
 * Work that is drained rather than ticked (an outbox relay, a mail sender): `nudge()` right after
 * a commit asks for passes now, a slow poll (`pollMs`) is the fallback for what a nudge missed (a
 * crash, another replica's commit). Nudges during a pass coalesce into one more pass; never two
 * passes at once; `pass` is called again while it answers true (more may be waiting). A pass that
 * throws is logged and the loop waits for the next nudge or poll.
 */
export class DrainLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private requested = false;
  private stopped = true;

  constructor(
    private readonly what: string,
    private readonly pollMs: number,
    private readonly pass: () => Promise<boolean>,
    private readonly logger: Pick<Logger, 'warn'>,
    /** Called on every poll instead of a plain nudge (e.g. to also sample a backlog); it should nudge. */
    private readonly onPoll: () => void = () => this.nudge(),
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.onPoll(), this.pollMs);
    this.timer.unref();
    this.nudge();
  }

  /** Stops after the pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.idle();
  }

  /** Ask for passes soon. */
  nudge(): void {
    if (this.stopped) return;
    this.requested = true;
    this.startDraining();
  }

  /** Resolves when no pass is running, including one a late nudge started after the last (shutdown, benchmarks, tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private startDraining(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      // A nudge that came after the loop's last check, before this point, found it still running.
      if (!this.stopped && this.requested) this.startDraining();
    });
  }

  private async drain(): Promise<void> {
    while (this.requested && !this.stopped) {
      this.requested = false;
      try {
        while (!this.stopped && (await this.pass())) {
          // more may be waiting
        }
      } catch (error) {
        this.logger.warn(`${this.what} failed, retrying on the next nudge or poll: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
  }
}
