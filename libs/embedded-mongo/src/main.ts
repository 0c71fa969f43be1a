import { EmbeddedMongo } from './embedded-mongo.server';

/**
 * Standalone server for `npm start`:
 *   node dist/libs/embedded-mongo/src/main.js --port 27017 --data-dir .data/mongo [--host 127.0.0.1] [--max-connections N]
 * Flags win over EMBEDDED_MONGO_PORT / EMBEDDED_MONGO_DATA_DIR / EMBEDDED_MONGO_HOST / EMBEDDED_MONGO_MAX_CONNECTIONS. With
 * EMBEDDED_MONGO_SLOW_MS set, each command slower than that is logged as one JSON line. Prints one
 * JSON line with the URI once listening (scripts/start.js waits for it); SIGTERM/SIGINT flush.
 */
function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function log(fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...fields, time: new Date().toISOString() })}\n`);
}

async function main(): Promise<void> {
  const port = Number(flag('port') ?? process.env.EMBEDDED_MONGO_PORT ?? 27017);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${String(port)}`);
  const dataDir = flag('data-dir') ?? process.env.EMBEDDED_MONGO_DATA_DIR;
  const host = flag('host') ?? process.env.EMBEDDED_MONGO_HOST ?? '127.0.0.1';
  const maxConnectionsText = flag('max-connections') ?? process.env.EMBEDDED_MONGO_MAX_CONNECTIONS;
  const maxConnections = maxConnectionsText === undefined ? undefined : Number(maxConnectionsText);
  if (maxConnections !== undefined && (!Number.isInteger(maxConnections) || maxConnections < 1)) throw new Error(`invalid max connections ${maxConnectionsText}`);
  const slowMs = Number(process.env.EMBEDDED_MONGO_SLOW_MS ?? '');
  const slowCommands = process.env.EMBEDDED_MONGO_SLOW_MS && slowMs >= 0 ? { thresholdMs: slowMs, report: (slow: object) => log({ msg: 'slow command', ...slow }) } : undefined;
  const server = await EmbeddedMongo.start({ port, host, dataDir: dataDir || undefined, slowCommands, maxConnections });
  log({ msg: 'embedded mongo ready', uri: server.uri, port: server.port, dataDir: dataDir ?? null });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => {
        log({ msg: 'embedded mongo stopped', signal });
        process.exit(0);
      },
      (error: Error) => {
        log({ msg: 'embedded mongo stop failed', error: error.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: Error) => {
  log({ msg: 'embedded mongo failed to start', error: error.message });
  process.exit(1);
});
