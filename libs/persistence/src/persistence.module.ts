import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ReadinessRegistry } from '@support-hub/platform';
import { TransactionRunner } from './transaction.runner';

export interface PersistenceOptions {
  /** A MongoDB URI; tests and `npm start` point it at the embedded server. */
  uri: string;
}

const OPTIONS = Symbol('PERSISTENCE_OPTIONS');

@Global()
@Module({})
export class PersistenceModule implements OnModuleInit {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        MongooseModule.forRoot(options.uri, {
          // Indexes are part of the schema: build them at start-up, in every environment.
          autoIndex: true,
          serverSelectionTimeoutMS: 10_000,
        }),
      ],
      providers: [{ provide: OPTIONS, useValue: options }, TransactionRunner],
      exports: [TransactionRunner],
    };
  }

  onModuleInit(): void {
    this.readiness.register('database', () => this.connection.readyState === 1);
  }
}
