/**
 * Which session's transaction waits for which other one to end: a wait that would close a cycle
 * is a deadlock and is refused (the waiter gets a WriteConflict and its driver retries).
 */
export class WaitsForGraph {
  private readonly waitsFor = new Map<string, string>();

  /** Whether `session` may wait for `holder`: not if `holder` waits, directly or through others, for `session`. Records the wait when allowed. */
  start(session: string, holder: string): boolean {
    for (let next: string | undefined = holder; next !== undefined; next = this.waitsFor.get(next)) {
      if (next === session) return false;
    }
    this.waitsFor.set(session, holder);
    return true;
  }

  stop(session: string): void {
    this.waitsFor.delete(session);
  }
}
