import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { connectionOf } from '../../../test/vector-index-helpers.js';
import { createVectorIndex } from '../create-vector-index.js';
import { IndexKeys } from '../index-keys.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWith('vector-set', 'vector-set index keys that expire with the documents', () => {
  redisTest(
    'live as long as the latest expiry, become persistent with a document without ttl, and leave nothing once expired',
    async ({ redis }) => {
      const options = {
        name: redis.prefix,
        engine: 'vector-set',
        expireWithDocuments: true,
      } as const;
      const index = createVectorIndex(connectionOf(redis.client), options);
      const keys = new IndexKeys(redis.prefix);
      const indexKeys = [keys.vectorSet, keys.expiries, keys.schemaRecord];
      const ttls = () => Promise.all(indexKeys.map((key) => redis.client.pTTL(key)));

      await index.upsert([{ id: 'a', vector: [1, 0], content: 'a', ttl: 5 }]);
      for (const ttl of await ttls()) expect(ttl).toBeGreaterThan(4000);
      // A document that expires sooner never shortens them; one that expires later extends them.
      await index.upsert([{ id: 'b', vector: [0, 1], content: 'b', ttl: 1 }]);
      for (const ttl of await ttls()) expect(ttl).toBeGreaterThan(4000);
      await index.upsert([{ id: 'c', vector: [1, 1], content: 'c', ttl: 20 }]);
      for (const ttl of await ttls()) expect(ttl).toBeGreaterThan(19_000);
      // A document without ttl: the index keys stay.
      await index.upsert([{ id: 'd', vector: [1, 2], content: 'd' }]);
      expect(await ttls()).toEqual([-1, -1, -1]);

      // Only documents with a ttl, left alone: every key goes, the index's own with them.
      const short = createVectorIndex(connectionOf(redis.client), {
        ...options,
        name: `${redis.prefix}short`,
      });
      const shortKeys = new IndexKeys(`${redis.prefix}short`);
      await short.upsert([
        { id: 'x', vector: [1, 0], content: 'x', ttl: 0.3 },
        { id: 'y', vector: [0, 1], content: 'y', ttl: 0.5 },
      ]);
      await sleep(700);
      const left = await redis.client.keys(`${redis.prefix}short*`);
      expect(left).toEqual([]);
      // The same index object writes and finds again.
      await short.upsert([{ id: 'z', vector: [1, 0], content: 'z', ttl: 5 }]);
      expect((await short.query({ vector: [1, 0], k: 1 })).map(({ id }) => id)).toEqual(['z']);
      expect(await redis.client.exists(shortKeys.vectorSet)).toBe(1);
      // A new index object of the same name opens what the old one wrote.
      const reopened = createVectorIndex(connectionOf(redis.client), {
        ...options,
        name: `${redis.prefix}short`,
      });
      expect((await reopened.query({ vector: [1, 0], k: 1 })).map(({ id }) => id)).toEqual(['z']);
    },
  );

  redisTest('without the option, the index keys never expire', async ({ redis }) => {
    const index = createVectorIndex(connectionOf(redis.client), {
      name: redis.prefix,
      engine: 'vector-set',
    });
    await index.upsert([{ id: 'a', vector: [1, 0], content: 'a', ttl: 5 }]);
    const keys = new IndexKeys(redis.prefix);
    for (const key of [keys.vectorSet, keys.expiries, keys.schemaRecord]) {
      expect(await redis.client.pTTL(key)).toBe(-1);
    }
  });
});
