import { modelProvider } from '@support-hub/persistence';
import { CONTRACT_COPY, contractCopySchema } from './contract-copy.schema';
import { ContractTerms } from './contract-terms';

export { ContractCopiesHandlers, ContractExpiredError, ContractTerms } from './contract-terms';
export type { ContractCopyRecord } from './contract-copy.schema';

/** The providers a service adds to keep its copy of contracts (list `ContractCopiesHandlers` with its controllers). */
export const contractCopiesProviders = [modelProvider(CONTRACT_COPY, contractCopySchema), ContractTerms];
