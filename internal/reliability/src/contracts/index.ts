export { chatHistoryContract } from './chat-history-contract.js';
export { checkpointSaverContract } from './checkpoint-saver-contract.js';
export type { ContractRun } from './contract-run.js';
export { exactCacheContract } from './exact-cache-contract.js';
export { memoryStoreContract } from './memory-store-contract.js';
export { conversation, expectSameMessages } from './messages.js';
export { semanticCacheContract } from './semantic-cache-contract.js';
export { semanticMemoryStoreContract } from './semantic-memory-store-contract.js';
export { vectorStoreContract } from './vector-store-contract.js';
