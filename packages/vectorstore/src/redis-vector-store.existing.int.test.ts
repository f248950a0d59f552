import { Document } from '@langchain/core/documents';
import { RedisVectorStore as LangChainRedisVectorStore } from '@langchain/redis';
import { describeWith, type RedisTestContext, redisTest } from '@x/test-utils';
import fc from 'fast-check';
import { createClient } from 'redis';
import { expect } from 'vitest';
import { corpus } from '../test/test-corpus.js';
import { HashedEmbeddings } from '../test/test-helpers.js';
import {
  DimensionMismatchError,
  InvalidArgumentError,
  langchainRedisLayout,
  RedisVectorStore,
  SchemaMismatchError,
} from './index.js';

const metadataSchema = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

/** An index made by `@langchain/redis` itself, under the test's prefix, from the corpus. */
async function langchainIndex(redis: RedisTestContext) {
  // RESP2: @langchain/redis reads FT.SEARCH replies in that shape.
  const client = createClient({ url: redis.url, RESP: 2 });
  await client.connect();
  const embeddings = new HashedEmbeddings(64);
  const indexName = redis.prefix;
  const keyPrefix = `${redis.prefix}:doc:`;
  const theirs = new LangChainRedisVectorStore(embeddings, {
    redisClient: client as never,
    indexName,
    keyPrefix,
    customSchema: { genre: { type: 'TAG' }, year: { type: 'NUMERIC' } } as never,
  });
  const documents = corpus();
  await theirs.addDocuments(documents);
  const ours = new RedisVectorStore(embeddings, {
    client: redis.client,
    indexName,
    existingIndex: langchainRedisLayout(indexName, { keyPrefix }),
    metadataSchema,
  });
  return { client, theirs, ours, documents, embeddings, indexName, keyPrefix };
}

describeWith('query-engine', 'RedisVectorStore on an index made by @langchain/redis', () => {
  redisTest(
    'searches it as @langchain/redis does: same documents, metadata and scores',
    async ({ redis }) => {
      const { client, theirs, ours, documents } = await langchainIndex(redis);
      try {
        for (const query of ['fresh pasta for dinner', 'a football match', 'memory and latency']) {
          const expected = await theirs.similaritySearchWithScore(query, 5);
          const found = await ours.similaritySearchWithScore(query, 5);
          expect(found.map(([document]) => [document.pageContent, document.metadata])).toEqual(
            expected.map(([document]) => [document.pageContent, document.metadata]),
          );
          found.forEach(([, distance], position) => {
            expect(distance).toBeCloseTo(expected[position]?.[1] ?? Number.NaN, 5);
          });
        }
        // Their ids are the keys' suffixes (a counter): getByIds and delete take them.
        const [first] = await ours.getByIds(['0']);
        expect(first?.pageContent).toBe(documents[0]?.pageContent);
        const food = await ours.similaritySearch('dinner', 40, {
          genre: 'food',
          year: { $gte: 2000 },
        });
        expect(food.map((document) => document.pageContent).sort()).toEqual(
          documents
            .filter((document) => document.metadata.genre === 'food')
            .map((document) => document.pageContent)
            .sort(),
        );
        expect(await ours.maxMarginalRelevanceSearch('dinner', { k: 3, fetchK: 10 })).toHaveLength(
          3,
        );
        expect((await ours.hybridSearch('sourdough starter', 1))[0]?.document.pageContent).toBe(
          'Sourdough bread rises overnight with a wild yeast starter',
        );
      } finally {
        await client.close();
      }
    },
  );

  redisTest(
    'writes documents it can read back, and refuses writes that would not fit',
    async ({ redis }) => {
      const { client, theirs, ours, documents, embeddings } = await langchainIndex(redis);
      try {
        const metadata = {
          genre: 'news',
          year: 2026,
          source: 'a:b-c "quoted"',
          nested: { n: [1] },
        };
        const [id] = await ours.addDocuments([
          new Document({ id: 'ours-1', pageContent: 'Redis ships vector sets', metadata }),
        ]);
        expect(id).toBe('ours-1');
        // @langchain/redis reads what we wrote, metadata unescaped, and filters on its fields.
        const [[read]] = (await theirs.similaritySearchWithScore('Redis ships vector sets', 1)) as [
          [Document, number],
        ];
        expect(read.pageContent).toBe('Redis ships vector sets');
        expect(read.metadata).toEqual(metadata);
        expect((await ours.getByIds(['ours-1']))[0]?.metadata).toEqual(metadata);
        const news = await ours.similaritySearch('vector', 10, { genre: 'news' });
        expect(news.map((document) => document.id)).toEqual(['ours-1']);

        const count = async () => (await ours.info()).documents;
        const before = await count();
        await expect(
          ours.addDocuments([new Document({ pageContent: 'x', metadata: { year: 'soon' } })]),
        ).rejects.toThrow(InvalidArgumentError);
        await expect(
          ours.addDocuments([new Document({ pageContent: 'x', metadata: { genre: ['a,b'] } })]),
        ).rejects.toThrow(/tag separator/);
        const wide = new RedisVectorStore(new HashedEmbeddings(32), {
          client: redis.client,
          indexName: redis.prefix,
          existingIndex: langchainRedisLayout(redis.prefix, { keyPrefix: `${redis.prefix}:doc:` }),
        });
        await expect(wide.addDocuments([new Document({ pageContent: 'x' })])).rejects.toThrow(
          DimensionMismatchError,
        );
        expect(await count()).toBe(before);
        expect(before).toBe(documents.length + 1);
        expect(embeddings.dimension).toBe(64);
      } finally {
        await client.close();
      }
    },
  );

  redisTest(
    'tag values from users are escaped: they match exactly what they say',
    async ({ redis }) => {
      const { client, ours } = await langchainIndex(redis);
      try {
        const printable = fc.string({
          unit: fc.integer({ min: 0x21, max: 0x7e }).map(String.fromCharCode),
          minLength: 1,
          maxLength: 12,
        });
        await fc.assert(
          fc.asyncProperty(printable, async (value) => {
            const found = await ours.similaritySearch('anything', 40, { genre: value });
            const expected = ['food', 'sport', 'code', 'travel', 'music', 'science'].includes(
              value.toLowerCase(),
            );
            // Tags of a Query Engine index compare without case, as @langchain/redis stores them.
            for (const document of found) {
              expect(String(document.metadata.genre).toLowerCase()).toBe(value.toLowerCase());
            }
            expect(found.length > 0).toBe(expected);
          }),
          // `_` alone was once sent unescaped, which the parser refuses as a tag.
          { numRuns: 80, examples: [['_'], ['__'], ['a_']] },
        );
        await expect(ours.similaritySearch('x', 1, { genre: 'é' })).rejects.toThrow(
          /printable ASCII only/,
        );
      } finally {
        await client.close();
      }
    },
  );

  redisTest(
    'says what does not fit, and never creates an index it was told exists',
    async ({ redis }) => {
      const { client, indexName, keyPrefix } = await langchainIndex(redis);
      try {
        const wrongField = new RedisVectorStore(new HashedEmbeddings(64), {
          client: redis.client,
          indexName,
          existingIndex: {
            ...langchainRedisLayout(indexName, { keyPrefix }),
            vectorField: 'embedding',
          },
        });
        await expect(wrongField.similaritySearch('x', 1)).rejects.toThrow(SchemaMismatchError);
        await expect(wrongField.similaritySearch('x', 1)).rejects.toThrow(
          /no VECTOR field named "embedding"/,
        );
        const undeclared = new RedisVectorStore(new HashedEmbeddings(64), {
          client: redis.client,
          indexName,
          existingIndex: langchainRedisLayout(indexName, { keyPrefix }),
          metadataSchema: [{ name: 'author', type: 'tag' }],
        });
        await expect(undeclared.similaritySearch('x', 1)).rejects.toThrow(/fields: index has none/);
        const missing = new RedisVectorStore(new HashedEmbeddings(64), {
          client: redis.client,
          indexName: `${indexName}-missing`,
          existingIndex: langchainRedisLayout(`${indexName}-missing`),
        });
        await expect(missing.addDocuments([new Document({ pageContent: 'x' })])).rejects.toThrow(
          /does not exist/,
        );
        await expect(
          RedisVectorStore.fromExistingIndex(new HashedEmbeddings(64), {
            client: redis.client,
            indexName: `${indexName}-missing`,
            existingIndex: langchainRedisLayout(`${indexName}-missing`),
          }),
        ).rejects.toThrow(/does not exist/);
        expect(
          () =>
            new RedisVectorStore(new HashedEmbeddings(64), {
              client: redis.client,
              indexName,
              engine: 'vector-set',
              existingIndex: langchainRedisLayout(indexName),
            }),
        ).toThrow(/cannot run on the vector-set engine/);
      } finally {
        await client.close();
      }
    },
  );
});
