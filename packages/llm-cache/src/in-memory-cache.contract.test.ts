import { InMemoryCache } from '@langchain/core/caches';
import { describeCacheContract } from '../test/cache-contract.js';

// The reference: LangChain's own in-memory cache defines what the contract expects.
describeCacheContract('LangChain InMemoryCache', async () => ({
  cache: new InMemoryCache(),
  dispose: async () => {},
}));
