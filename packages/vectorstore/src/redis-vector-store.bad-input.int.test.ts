import { Document } from '@langchain/core/documents';
import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { ENGINES, HashedEmbeddings, testStore } from '../test/test-helpers.js';
import {
  DimensionMismatchError,
  InvalidArgumentError,
  SchemaMismatchError,
  SerializationError,
} from './index.js';

const metadataSchema = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

const documents = (count: number) =>
  Array.from({ length: count }, (_, index) => new Document({ pageContent: `text ${index}` }));

for (const engine of ENGINES) {
  describeWith(engine, `RedisVectorStore bad input (${engine})`, () => {
    redisTest('a vector of another dimension names both and writes nothing', async ({ redis }) => {
      const store = testStore(redis, engine);
      await store.addVectors([[1, 0, 0, 0]], documents(1));
      const error = await store
        .addVectors(
          [
            [0, 1, 0, 0],
            [1, 1, 1],
          ],
          documents(2),
          { ids: ['good', 'bad'] },
        )
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DimensionMismatchError);
      expect(error).toMatchObject({ expected: 4, actual: 3 });
      expect(String(error)).toMatch(/4 dimensions.*3/);
      expect(await store.getByIds(['good', 'bad'])).toEqual([]);
      expect((await store.info()).documents).toBe(1);
      await expect(store.similaritySearchVectorWithScore([1, 0], 1)).rejects.toThrow(
        DimensionMismatchError,
      );
    });

    redisTest('a first batch of mixed dimensions creates nothing', async ({ redis }) => {
      const store = testStore(redis, engine);
      await expect(
        store.addVectors(
          [
            [1, 0],
            [1, 0, 0],
          ],
          documents(2),
        ),
      ).rejects.toThrow(DimensionMismatchError);
      expect(await store.info()).toMatchObject({ exists: false, documents: 0 });
    });

    redisTest('another embedding model on an existing index writes nothing', async ({ redis }) => {
      await testStore(redis, engine, new HashedEmbeddings(256)).addDocuments(documents(3));
      const other = testStore(redis, engine, new HashedEmbeddings(128));
      const error = await other
        .addDocuments([new Document({ pageContent: 'new' })], { ids: ['new'] })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ expected: 256, actual: 128 });
      expect(await other.getByIds(['new'])).toEqual([]);
      await expect(other.similaritySearch('text', 1)).rejects.toThrow(DimensionMismatchError);
    });

    redisTest('a given dimension is held against the first embedding', async ({ redis }) => {
      const store = testStore(redis, engine, new HashedEmbeddings(256), {
        vectorIndex: { dimension: 384 },
      });
      const error = await store.addDocuments(documents(2)).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ expected: 384, actual: 256 });
    });

    redisTest(
      'metadata that is not JSON writes nothing, not even the good documents',
      async ({ redis }) => {
        const store = testStore(redis, engine);
        const batch = [
          new Document({ id: 'fine', pageContent: 'fine' }),
          new Document({ id: 'bad', pageContent: 'bad', metadata: { at: new Date() } }),
        ];
        await expect(store.addDocuments(batch)).rejects.toThrow(SerializationError);
        expect(await store.info()).toMatchObject({ exists: false });
      },
    );

    redisTest(
      'a declared field with a value of the wrong type writes nothing',
      async ({ redis }) => {
        const store = testStore(redis, engine, new HashedEmbeddings(), { metadataSchema });
        const batch = [
          new Document({ id: 'fine', pageContent: 'fine', metadata: { year: 2020 } }),
          new Document({ id: 'bad', pageContent: 'bad', metadata: { year: '2020' } }),
        ];
        await expect(store.addDocuments(batch)).rejects.toThrow(/year.*numeric/);
        await expect(store.addDocuments(batch)).rejects.toThrow(InvalidArgumentError);
        expect(await store.getByIds(['fine'])).toEqual([]);
      },
    );

    redisTest(
      'reopening an index with another schema is a SchemaMismatchError',
      async ({ redis }) => {
        await testStore(redis, engine, new HashedEmbeddings(), { metadataSchema }).addDocuments(
          documents(1),
        );
        const other = testStore(redis, engine, new HashedEmbeddings(), {
          metadataSchema: [{ name: 'genre', type: 'tag' }],
        });
        const error = await other.similaritySearch('text', 1).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(SchemaMismatchError);
        expect((error as SchemaMismatchError).differences.join()).toMatch(/year/);
      },
    );
  });
}

describeWith('vector-set', 'RedisVectorStore bad input (vector-set only)', () => {
  redisTest('a text field needs the query engine, and says so', async ({ redis }) => {
    const store = testStore(redis, 'vector-set', new HashedEmbeddings(), {
      metadataSchema: [{ name: 'title', type: 'text' }],
    });
    await expect(store.addDocuments(documents(1))).rejects.toThrow(/query-engine/);
  });
});
