/** Keys in use by work in flight, counted: a key stays in until its last use is released. */
export class InFlight<K> {
  private readonly uses = new Map<K, number>();

  get size(): number {
    return this.uses.size;
  }

  has(key: K): boolean {
    return this.uses.has(key);
  }

  keys(): IterableIterator<K> {
    return this.uses.keys();
  }

  add(key: K): void {
    this.uses.set(key, (this.uses.get(key) ?? 0) + 1);
  }

  /** True when that was the last use of `key`. */
  release(key: K): boolean {
    const left = (this.uses.get(key) ?? 1) - 1;
    if (left > 0) this.uses.set(key, left);
    else this.uses.delete(key);
    return left <= 0;
  }
}
