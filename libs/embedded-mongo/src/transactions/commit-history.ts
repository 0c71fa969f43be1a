import type { Document } from 'bson';

interface Version {
  /** The commit that replaced this version. */
  seq: number;
  /** The document until that commit (`undefined`: it did not exist). */
  before: Document | undefined;
}

/**
 * The versions replaced by commits made while transactions were open, per document, oldest
 * first, as WiredTiger keeps history for open snapshots. A transaction that began before a
 * commit reads the version that commit replaced; its latest commit tells whether a document
 * is newer than a snapshot.
 */
export class CommitHistory {
  /** ns → document key → versions, by commit order. */
  private readonly versions = new Map<string, Map<string, Version[]>>();
  private documents = 0;

  get size(): number {
    return this.documents;
  }

  record(ns: string, key: string, before: Document | undefined, seq: number): void {
    let ofNs = this.versions.get(ns);
    if (!ofNs) this.versions.set(ns, (ofNs = new Map()));
    const list = ofNs.get(key);
    if (list) list.push({ seq, before });
    else {
      ofNs.set(key, [{ seq, before }]);
      this.documents += 1;
    }
  }

  /** Whether `key` was committed after the snapshot taken at `startSeq`. */
  changedSince(ns: string, key: string, startSeq: number): boolean {
    const list = this.versions.get(ns)?.get(key);
    return list !== undefined && list[list.length - 1].seq > startSeq;
  }

  /** Every document committed after `startSeq`. */
  *changedDocumentsSince(startSeq: number): Generator<{ ns: string; key: string }> {
    for (const [ns, ofNs] of this.versions) {
      for (const [key, list] of ofNs) if (list[list.length - 1].seq > startSeq) yield { ns, key };
    }
  }

  /** Into `view`: the version each document changed since `startSeq` had at that snapshot. */
  addSnapshotVersions(ns: string, startSeq: number, view: Map<string, Document | undefined>): void {
    for (const [key, list] of this.versions.get(ns) ?? []) {
      // The first version replaced after the snapshot is the one the snapshot saw.
      const first = list.find((version) => version.seq > startSeq);
      if (first) view.set(key, first.before);
    }
  }

  hasVersionsIn(ns: string): boolean {
    return this.versions.has(ns);
  }

  /** Versions replaced at or before `oldestStartSeq` matter to no open snapshot. */
  forgetUpTo(oldestStartSeq: number): void {
    for (const [ns, ofNs] of this.versions) {
      for (const [key, list] of ofNs) {
        const kept = list.filter((version) => version.seq > oldestStartSeq);
        if (kept.length === list.length) continue;
        if (kept.length > 0) ofNs.set(key, kept);
        else {
          ofNs.delete(key);
          this.documents -= 1;
        }
      }
      if (ofNs.size === 0) this.versions.delete(ns);
    }
  }

  clear(): void {
    this.versions.clear();
    this.documents = 0;
  }
}
