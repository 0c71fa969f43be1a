/** Past this wait, a system task (compaction) or DDL holds back new transactions. */
export const SYSTEM_TASK_PRIORITY_MS = 500;

/**
 * Background work (TTL deletes, compaction, DDL) that must run while no transaction is open:
 * queued until the last one ends, and, once it has waited long enough, given priority over
 * transactions that would begin.
 */
export class SystemTasks {
  private readonly queue: { run: () => void; since: number }[] = [];

  /** Runs `task` now when `quiet`, else when `runDue` is next called with no transaction open. */
  schedule<T>(task: () => T, quiet: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        try {
          resolve(task());
        } catch (error) {
          reject(error);
        }
      };
      if (quiet && this.queue.length === 0) return run();
      this.queue.push({ run, since: Date.now() });
    });
  }

  /** A task has waited past its priority delay: new transactions must wait for it. */
  get overdue(): boolean {
    return this.queue.length > 0 && Date.now() - this.queue[0].since > SYSTEM_TASK_PRIORITY_MS;
  }

  runDue(quiet: () => boolean): void {
    while (quiet() && this.queue.length > 0) this.queue.shift()!.run();
  }
}
