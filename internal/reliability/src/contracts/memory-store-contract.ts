import { RedisStore } from '@x/langgraph';
import type { ConnectionOptions } from '@x/redis-core';
import { expect } from 'vitest';
import type { ContractRun } from './contract-run.js';

/**
 * Every operation of `RedisStore` through its public API: `put` (new and updated items),
 * `get`, `search` (a prefix, a filter, a page), `listNamespaces` (prefix, suffix, depth) and
 * `delete`, on item keys that hold separators, braces and wildcards.
 */
export async function memoryStoreContract(
  connection: ConnectionOptions,
  prefix: string,
  run: ContractRun = {},
): Promise<number> {
  const count = run.entries ?? 8;
  const store = new RedisStore({ ...connection, prefix: `${prefix}:store`, ttl: 3600 });
  const users = Array.from({ length: count }, (_, index) => `user-${index}`);
  let operations = 0;
  try {
    for (const user of users) {
      for (const key of ['likes', 'lives: {in} *']) {
        await store.put(['memories', user], key, { text: `${user} ${key}`, rank: key.length });
        operations++;
      }
      await store.put(['memories', user], 'likes', { text: `${user} likes tea`, rank: 1 });
      operations++;
    }
    await run.onLoaded?.();
    for (const user of users) {
      expect((await store.get(['memories', user], 'likes'))?.value.text).toBe(`${user} likes tea`);
      const found = await store.search(['memories', user], { filter: { rank: { $gt: 1 } } });
      expect(found.map((item) => item.key)).toEqual(['lives: {in} *']);
      operations += 2;
    }
    expect(await store.search(['memories'], { limit: 5, offset: 2 })).toHaveLength(5);
    expect(await store.listNamespaces({ prefix: ['memories'], limit: 1_000 })).toHaveLength(count);
    expect(await store.listNamespaces({ suffix: [users[0] as string], limit: 10 })).toEqual([
      ['memories', users[0]],
    ]);
    expect(await store.listNamespaces({ maxDepth: 1, limit: 10 })).toEqual([['memories']]);
    operations += 4;
    for (const user of users) {
      await store.delete(['memories', user], 'likes');
      await store.delete(['memories', user], 'lives: {in} *');
      operations += 2;
    }
    expect(await store.search(['memories'], { limit: 100 })).toEqual([]);
    expect(await store.listNamespaces({ limit: 100 })).toEqual([]);
    operations += 2;
    return operations;
  } finally {
    await store.close();
  }
}
