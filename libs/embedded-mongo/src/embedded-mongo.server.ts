import { ObjectId } from 'bson';
import { createServer, type Server } from 'node:net';
import type { ServerIdentity } from './commands/command-context';
import { CommandDispatcher } from './commands/command-dispatcher';
import { CursorRegistry } from './cursors/cursor-registry';
import { PersistenceLog } from './persistence/persistence-log';
import { ClientConnection, type SlowCommandLog } from './server/client-connection';
import { refuseConnection } from './server/connection-refusal';
import { ServerStats } from './server/server-stats';
import { StorageEngine } from './storage/storage-engine';
import { hasTtlIndexes, sweepExpired } from './storage/ttl-sweeper';
import { TransactionManager } from './transactions/transaction-manager';

export interface EmbeddedMongoOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Persist to this folder (snapshot + append log); in-memory when absent. */
  dataDir?: string;
  /** Report commands slower than `thresholdMs` (waits for held documents included), as mongod's slowms does. */
  slowCommands?: SlowCommandLog;
  /**
   * Client connections open at once (mongod's net.maxIncomingConnections). One past it is
   * answered with an error naming the limit and closed. Default 10,000.
   */
  maxConnections?: number;
}

const DEFAULT_MAX_CONNECTIONS = 10_000;

const REPLICA_SET = 'rs0';
const MAINTENANCE_INTERVAL_MS = 1000;

/**
 * A MongoDB-compatible server (wire protocol, CRUD, indexes, transactions) for tests and local
 * runs. It presents itself as the primary of a one-member replica set `rs0`, which is what makes
 * the driver use sessions and transactions; `uri` carries `?replicaSet=rs0` accordingly.
 */
export class EmbeddedMongo {
  private readonly connections = new Set<ClientConnection>();
  private maintenance: NodeJS.Timeout | undefined;
  private maintaining = false;
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly dispatcher: CommandDispatcher,
    private readonly engine: StorageEngine,
    private readonly cursors: CursorRegistry,
    private readonly transactions: TransactionManager,
    private readonly persistence: PersistenceLog | undefined,
    private readonly slowCommands: SlowCommandLog | undefined,
    private readonly stats: ServerStats,
    readonly port: number,
    readonly uri: string,
  ) {}

  static async start(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
    const host = options.host ?? '127.0.0.1';
    const engine = new StorageEngine();
    const persistence = options.dataDir ? PersistenceLog.open(options.dataDir, engine) : undefined;
    const cursors = new CursorRegistry();
    const stats = new ServerStats(options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
    const transactions = new TransactionManager(engine, (changes) => persistence?.append(changes));
    const identity: ServerIdentity = {
      address: '',
      setName: REPLICA_SET,
      processId: new ObjectId(),
      electionId: new ObjectId('7fffffff0000000000000001'),
      startedAt: new Date(),
    };
    const dispatcher = new CommandDispatcher({ engine, cursors, transactions, identity, stats }, (changes) => persistence?.append(changes));
    const server = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => resolve());
      });
    } catch (error) {
      persistence?.close();
      throw error;
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : Number(options.port);
    // The address clients dial must equal the member name in hello, or SDAM drops the server.
    const advertised = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    identity.address = `${advertised.includes(':') ? `[${advertised}]` : advertised}:${port}`;
    const uri = `mongodb://${identity.address}/?replicaSet=${REPLICA_SET}`;
    const instance = new EmbeddedMongo(server, dispatcher, engine, cursors, transactions, persistence, options.slowCommands, stats, port, uri);
    instance.accept();
    return instance;
  }

  private accept(): void {
    let nextConnectionId = 1;
    this.server.on('connection', (socket) => {
      if (this.connections.size >= this.stats.maxConnections) {
        this.stats.rejected += 1;
        refuseConnection(socket, this.stats.maxConnections);
        return;
      }
      this.stats.totalCreated += 1;
      const connection = new ClientConnection(socket, nextConnectionId++, this.dispatcher, (closed) => {
        this.connections.delete(closed);
        this.stats.current = this.connections.size;
        this.dispatcher.connectionClosed(closed.id);
      }, this.slowCommands);
      this.connections.add(connection);
      this.stats.current = this.connections.size;
    });
    this.maintenance = setInterval(() => void this.maintain(), MAINTENANCE_INTERVAL_MS);
    this.maintenance.unref();
  }

  /** TTL expiry, idle cursor cleanup, fsync and log compaction, once a second. */
  private async maintain(): Promise<void> {
    if (this.maintaining) return;
    this.maintaining = true;
    try {
      this.cursors.sweepIdle();
      if (hasTtlIndexes(this.engine)) this.dispatcher.runBesideTransactions((isHeld) => sweepExpired(this.engine, Date.now(), isHeld));
      const persistence = this.persistence;
      if (persistence && !this.stopped) {
        persistence.flush();
        if (persistence.shouldCompact()) {
          await this.dispatcher.runSystemTask(() => {
            if (!this.stopped) persistence.compact(this.engine);
          });
        }
      }
    } catch (error) {
      process.emitWarning(`embedded mongo maintenance failed: ${(error as Error).message}`);
    } finally {
      this.maintaining = false;
    }
  }

  /** Closes the listener and every client socket, then flushes the log to disk. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      clearInterval(this.maintenance);
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const connection of this.connections) connection.close();
      this.connections.clear();
      await closed;
      this.transactions.shutdown();
      this.cursors.clear();
      this.persistence?.close();
    })();
    return this.stopped;
  }
}
