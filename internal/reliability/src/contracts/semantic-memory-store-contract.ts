import { RedisStore } from '@x/langgraph';
import type { ConnectionOptions } from '@x/redis-core';
import { expect } from 'vitest';
import { HashEmbeddings } from '../hash-embeddings.js';
import type { ContractRun } from './contract-run.js';

/**
 * Every operation of `RedisStore` with semantic search, on one engine (`run.engine`): `put`
 * (new, updated, `index: false`), `search` with a `query` (a user's prefix, a filter, a page),
 * `get` and `delete`, on item keys that hold separators, braces and wildcards. Each user's
 * query is the exact text of one of its items, so the first result is known.
 */
export async function semanticMemoryStoreContract(
  connection: ConnectionOptions,
  prefix: string,
  run: ContractRun = {},
): Promise<number> {
  const count = run.entries ?? 8;
  const embeddings = new HashEmbeddings();
  const store = new RedisStore({
    ...connection,
    prefix: `${prefix}:store`,
    ttl: 3600,
    index: {
      dims: embeddings.dimension,
      embeddings,
      fields: ['text'],
      engine: run.engine ?? 'vector-set',
    },
  });
  const users = Array.from({ length: count }, (_, index) => `user-${index}`);
  let operations = 0;
  try {
    for (const user of users) {
      await store.put(['memories', user], 'likes', { text: `${user} likes coffee`, rank: 1 });
      await store.put(['memories', user], 'likes', { text: `${user} likes tea`, rank: 1 });
      await store.put(['memories', user], 'lives: {in} *', {
        text: `${user} lives by the sea`,
        rank: 2,
      });
      await store.put(['memories', user], 'plain', { text: `${user} unindexed`, rank: 3 }, false);
      operations += 4;
    }
    await run.onLoaded?.();
    for (const user of users) {
      const found = await store.search(['memories', user], { query: `${user} likes tea` });
      expect(found.map((item) => item.key)).toEqual(['likes', 'lives: {in} *', 'plain']);
      expect(found[0]?.score).toBeCloseTo(1, 5);
      expect(found[2]?.score).toBeUndefined();
      const filtered = await store.search(['memories', user], {
        query: `${user} likes tea`,
        filter: { rank: { $gt: 1 } },
        limit: 1,
        offset: 1,
      });
      expect(filtered.map((item) => item.key)).toEqual(['plain']);
      operations += 2;
    }
    for (const user of users) {
      for (const key of ['likes', 'lives: {in} *', 'plain']) {
        await store.delete(['memories', user], key);
        operations++;
      }
    }
    expect(await store.search(['memories'], { query: 'likes tea', limit: 100 })).toEqual([]);
    expect(await store.get(['memories', users[0] as string], 'likes')).toBeNull();
    operations += 2;
    return operations;
  } finally {
    await store.close();
  }
}
