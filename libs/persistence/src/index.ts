export { PersistenceModule, PersistenceOptions } from './persistence.module';
export { TransactionRunner } from './transaction.runner';
export { DATABASE_CONNECTION, isDuplicateKey, modelProvider } from './model.provider';
export { Revisioned, storeIfNewer } from './store-if-newer';
export { keysetQuery, type ListOrder } from './keyset';
