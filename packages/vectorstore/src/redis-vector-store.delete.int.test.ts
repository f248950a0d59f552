import { Document } from '@langchain/core/documents';
import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { corpus } from '../test/test-corpus.js';
import { ENGINES, HashedEmbeddings, testStore } from '../test/test-helpers.js';
import { and, num, tag } from './index.js';

const metadataSchema = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

async function keysUnder(client: { keys(pattern: string): Promise<string[]> }, prefix: string) {
  return (await client.keys(`${prefix}*`)).sort();
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

for (const engine of ENGINES) {
  describeWith(engine, `RedisVectorStore delete and expiry (${engine})`, () => {
    redisTest('deletes by id, and unknown ids are no error', async ({ redis }) => {
      const store = testStore(redis, engine);
      await store.addDocuments(corpus().slice(0, 5));
      await store.delete({ ids: ['doc-1', 'doc-3', 'never-was'] });
      expect(
        (await store.getByIds(corpus().map((document) => document.id as string))).map((d) => d.id),
      ).toEqual(['doc-0', 'doc-2', 'doc-4']);
      const found = await store.similaritySearch(corpus()[1]?.pageContent ?? '', 5);
      expect(found.map((document) => document.id)).not.toContain('doc-1');
    });

    redisTest(
      'deletes by filter exactly the documents that match, in both forms',
      async ({ redis }) => {
        const store = testStore(redis, engine, new HashedEmbeddings(), { metadataSchema });
        const documents = corpus();
        await store.addDocuments(documents);
        await store.delete({ filter: { genre: 'food' } });
        await store.delete({ filter: and(tag('genre').eq('sport'), num('year').gte(2000)) });
        const left = await store.getByIds(documents.map((document) => document.id as string));
        expect(left.map((document) => document.id)).toEqual(
          documents
            .filter((document) => !['food', 'sport'].includes(document.metadata.genre))
            .map((document) => document.id),
        );
      },
    );

    redisTest('deleteAll drops the documents and the index, and only them', async ({ redis }) => {
      const before = await keysUnder(redis.client, redis.prefix);
      await redis.client.set(`${redis.prefix}-neighbour`, 'keep');
      const store = testStore(redis, engine);
      await store.addDocuments(corpus().slice(0, 10));
      await store.delete({ deleteAll: true });
      expect(await store.info()).toMatchObject({ exists: false, documents: 0 });
      expect(await keysUnder(redis.client, redis.prefix)).toEqual([
        ...before,
        `${redis.prefix}-neighbour`,
      ]);
      // The store works again afterwards, with a new index.
      await store.addDocuments([new Document({ pageContent: 'again', id: 'again' })]);
      expect((await store.similaritySearch('again', 5)).map((document) => document.id)).toEqual([
        'again',
      ]);
    });

    redisTest('documents expire after the ttl, and a call may give its own', async ({ redis }) => {
      const store = testStore(redis, engine, new HashedEmbeddings(), { ttl: 0.4 });
      await store.addDocuments([new Document({ pageContent: 'short lived', id: 'short' })]);
      await store.addDocuments([new Document({ pageContent: 'long lived', id: 'long' })], {
        ttl: 60,
      });
      expect((await store.getByIds(['short', 'long'])).map((document) => document.id)).toEqual([
        'short',
        'long',
      ]);
      await sleep(700);
      expect((await store.getByIds(['short', 'long'])).map((document) => document.id)).toEqual([
        'long',
      ]);
      const found = await store.similaritySearch('short lived', 5);
      expect(found.map((document) => document.id)).toEqual(['long']);
      const ttl = await redis.client.sendCommand([
        'TTL',
        ...(await redis.client.keys(`${redis.prefix}*long`)),
      ]);
      expect(Number(ttl)).toBeGreaterThan(50);
    });
  });
}
