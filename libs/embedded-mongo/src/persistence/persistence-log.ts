import { BSON } from 'bson';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StorageChange } from '../storage/storage-change';
import type { StorageEngine } from '../storage/storage-engine';
import { decodeChange, encodeChange, readEntries } from './log-codec';

const SNAPSHOT_FILE = 'snapshot.bson';
const LOG_PATTERN = /^log-(\d+)\.bson$/;
/** Compact once the log outgrows this and the last snapshot (whichever is larger). */
const MIN_COMPACTION_BYTES = 16 * 1024 * 1024;
const WRITE_CHUNK_BYTES = 1024 * 1024;

/**
 * Snapshot + append-only log. Every acknowledged command's changes are written (write(2), before
 * the reply) to `log-<gen>.bson`, so a process crash loses nothing; fsync runs on a timer and on
 * stop, so an OS crash can lose the last second. A snapshot of generation g+1 is written to a temp
 * file and renamed before `log-<g+1>` starts, so recovery reads one snapshot and exactly its log.
 */
export class PersistenceLog {
  private fd: number;
  private logBytes = 0;
  private snapshotBytes = 0;
  private dirty = false;

  private constructor(
    private readonly dir: string,
    private generation: number,
  ) {
    this.fd = this.openLog(generation, false);
    this.logBytes = fs.fstatSync(this.fd).size;
  }

  /** Loads the data folder into `engine` and opens the log for appending. */
  static open(dir: string, engine: StorageEngine): PersistenceLog {
    fs.mkdirSync(dir, { recursive: true });
    let generation = 0;
    const snapshotPath = path.join(dir, SNAPSHOT_FILE);
    let snapshotBytes = 0;
    if (fs.existsSync(snapshotPath)) {
      const buffer = fs.readFileSync(snapshotPath);
      snapshotBytes = buffer.length;
      const { entries } = readEntries(buffer);
      const [header, ...changes] = entries;
      generation = Number(header?.generation ?? 0);
      for (const entry of changes) engine.apply(decodeChange(entry));
    }
    const logPath = path.join(dir, `log-${generation}.bson`);
    if (fs.existsSync(logPath)) {
      const buffer = fs.readFileSync(logPath);
      const { entries, validBytes } = readEntries(buffer);
      for (const entry of entries) engine.apply(decodeChange(entry));
      if (validBytes < buffer.length) fs.truncateSync(logPath, validBytes);
    }
    for (const file of fs.readdirSync(dir)) {
      const match = LOG_PATTERN.exec(file);
      if (match && Number(match[1]) !== generation) fs.rmSync(path.join(dir, file), { force: true });
    }
    const log = new PersistenceLog(dir, generation);
    log.snapshotBytes = snapshotBytes;
    return log;
  }

  append(changes: StorageChange[]): void {
    if (changes.length === 0) return;
    const buffer = Buffer.concat(changes.map(encodeChange));
    writeAll(this.fd, buffer);
    this.logBytes += buffer.length;
    this.dirty = true;
  }

  flush(): void {
    if (!this.dirty) return;
    fs.fsyncSync(this.fd);
    this.dirty = false;
  }

  shouldCompact(): boolean {
    return this.logBytes > Math.max(MIN_COMPACTION_BYTES, this.snapshotBytes);
  }

  /** Must run while no transaction is open: the snapshot is the engine's current state. */
  compact(engine: StorageEngine): void {
    const next = this.generation + 1;
    const tmpPath = path.join(this.dir, `${SNAPSHOT_FILE}.tmp`);
    const fd = fs.openSync(tmpPath, 'w');
    let pending: Uint8Array[] = [BSON.serialize({ generation: next })];
    let pendingBytes = 0;
    let total = 0;
    const write = (force: boolean) => {
      if (!force && pendingBytes < WRITE_CHUNK_BYTES) return;
      const buffer = Buffer.concat(pending);
      writeAll(fd, buffer);
      total += buffer.length;
      pending = [];
      pendingBytes = 0;
    };
    const add = (change: StorageChange) => {
      const bytes = encodeChange(change);
      pending.push(bytes);
      pendingBytes += bytes.length;
      write(false);
    };
    for (const store of engine.allCollections()) {
      add({ kind: 'createCollection', ns: store.ns, options: store.options });
      for (const index of store.indexes.values()) add({ kind: 'createIndex', ns: store.ns, spec: index.spec });
      for (const doc of store.docs.values()) add({ kind: 'put', ns: store.ns, before: undefined, after: doc });
    }
    write(true);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmpPath, path.join(this.dir, SNAPSHOT_FILE));
    this.syncDirectory();
    const previous = this.generation;
    fs.closeSync(this.fd);
    this.generation = next;
    this.fd = this.openLog(next, true);
    this.logBytes = 0;
    this.snapshotBytes = total;
    this.dirty = false;
    fs.rmSync(path.join(this.dir, `log-${previous}.bson`), { force: true });
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }

  private openLog(generation: number, truncate: boolean): number {
    return fs.openSync(path.join(this.dir, `log-${generation}.bson`), truncate ? 'w' : 'a');
  }

  private syncDirectory(): void {
    try {
      const fd = fs.openSync(this.dir, 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    } catch {
      // Some platforms cannot fsync a directory; the rename is still atomic.
    }
  }
}

function writeAll(fd: number, buffer: Buffer): void {
  let written = 0;
  while (written < buffer.length) written += fs.writeSync(fd, buffer, written);
}
