/**
 * Keys hidden for a while after an event was heard (`hide`), unless a later event lifts them
 * first (`lift` with a newer version than the one that hid them). Timers are unref'd.
 */
export class HiddenForAWhile<K> {
  private readonly hidden = new Map<K, { version: number; timer: NodeJS.Timeout }>();

  constructor(private readonly ms: number) {}

  get size(): number {
    return this.hidden.size;
  }

  has(key: K): boolean {
    return this.hidden.has(key);
  }

  hide(key: K, version = 0): void {
    const previous = this.hidden.get(key);
    clearTimeout(previous?.timer);
    const timer = setTimeout(() => this.hidden.delete(key), this.ms);
    timer.unref();
    this.hidden.set(key, { version: Math.max(version, previous?.version ?? 0), timer });
  }

  /** Lifts the hide when `version` is newer than the one that set it (an older event lifts nothing). */
  lift(key: K, version: number): void {
    const current = this.hidden.get(key);
    if (!current || current.version >= version) return;
    clearTimeout(current.timer);
    this.hidden.delete(key);
  }
}
