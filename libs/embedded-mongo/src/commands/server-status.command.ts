import { hostname } from 'node:os';
import type { Document } from 'bson';
import { queryExecutorMetrics } from '../query/query-engine';
import { SERVER_VERSION } from './server-version';
import type { CommandContext } from './command-context';

const MB = 1024 * 1024;

/**
 * The serverStatus sections drivers, ODMs and monitoring read, with this process's real figures;
 * sections mongod has and this server does not (wiredTiger, repl metrics...) are absent rather
 * than invented.
 */
export function serverStatus(_command: Document, ctx: CommandContext): Document {
  const { stats } = ctx;
  const uptimeMillis = Date.now() - stats.startedAt;
  const memory = process.memoryUsage();
  return {
    host: hostname(),
    version: SERVER_VERSION,
    process: 'embedded-mongo',
    pid: process.pid,
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis,
    uptimeEstimate: Math.floor(uptimeMillis / 1000),
    localTime: new Date(),
    connections: {
      current: stats.current,
      available: Math.max(0, stats.maxConnections - stats.current),
      totalCreated: stats.totalCreated,
      rejected: stats.rejected,
    },
    opcounters: { ...stats.opcounters },
    mem: { bits: 64, resident: Math.round(memory.rss / MB), virtual: Math.round((memory.rss + memory.external) / MB), supported: true },
    cursors: { open: ctx.cursors.openCount() },
    metrics: { queryExecutor: { scannedObjects: queryExecutorMetrics.scannedObjects } },
    ok: 1,
  };
}
