import type { Document } from 'bson';

/** mongod's opcounters: inserts, updates and deletes count statements (documents), the rest commands. */
export interface OpCounters {
  insert: number;
  query: number;
  update: number;
  delete: number;
  getmore: number;
  command: number;
}

/** What serverStatus reports: counted as commands run and connections come and go. */
export class ServerStats {
  readonly startedAt = Date.now();
  readonly opcounters: OpCounters = { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 };
  current = 0;
  totalCreated = 0;
  rejected = 0;

  constructor(readonly maxConnections: number) {}

  countCommand(name: string, command: Document): void {
    const statements = (field: string) => (Array.isArray(command[field]) ? command[field].length : 0);
    switch (name) {
      case 'insert':
        this.opcounters.insert += statements('documents');
        break;
      case 'update':
        this.opcounters.update += statements('updates');
        break;
      case 'delete':
        this.opcounters.delete += statements('deletes');
        break;
      case 'find':
        this.opcounters.query += 1;
        break;
      case 'getMore':
        this.opcounters.getmore += 1;
        break;
      default:
        this.opcounters.command += 1;
    }
  }
}
