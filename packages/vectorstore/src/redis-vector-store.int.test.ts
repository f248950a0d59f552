import { Document } from '@langchain/core/documents';
import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { corpus } from '../test/test-corpus.js';
import { ENGINES, exactSearch, HashedEmbeddings, testStore } from '../test/test-helpers.js';
import { InvalidArgumentError, RedisVectorStore } from './index.js';

const metadataSchema = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

for (const engine of ENGINES) {
  describeWith(engine, `RedisVectorStore (${engine})`, () => {
    redisTest(
      'returns ids: given ones first, then the document’s own, else new UUIDs',
      async ({ redis }) => {
        const store = testStore(redis, engine);
        const ids = await store.addDocuments([
          new Document({ pageContent: 'one', id: 'own-1' }),
          new Document({ pageContent: 'two' }),
        ]);
        expect(ids[0]).toBe('own-1');
        expect(ids[1]).toMatch(UUID);
        const given = await store.addDocuments(
          [
            new Document({ pageContent: 'three', id: 'ignored' }),
            new Document({ pageContent: 'four' }),
          ],
          { ids: ['given-3', 'given-4'] },
        );
        expect(given).toEqual(['given-3', 'given-4']);
        const found = await store.getByIds([...ids, ...given, 'ignored']);
        expect(found.map((document) => [document.id, document.pageContent])).toEqual([
          ['own-1', 'one'],
          [ids[1], 'two'],
          ['given-3', 'three'],
          ['given-4', 'four'],
        ]);
        const [nearest] = await store.similaritySearch('four', 1);
        expect(nearest?.id).toBe('given-4');
      },
    );

    redisTest('re-adding an id replaces that document whole', async ({ redis }) => {
      const store = testStore(redis, engine, new HashedEmbeddings(), { metadataSchema });
      await store.addDocuments([
        new Document({ id: 'a', pageContent: 'red apples', metadata: { genre: 'fruit', old: 1 } }),
        new Document({ id: 'b', pageContent: 'green pears', metadata: { genre: 'fruit' } }),
      ]);
      await store.addDocuments([
        new Document({ id: 'a', pageContent: 'blue whales', metadata: { genre: 'sea' } }),
      ]);
      expect((await store.info()).documents).toBe(2);
      const [replaced] = await store.getByIds(['a']);
      expect(replaced).toEqual(
        new Document({ id: 'a', pageContent: 'blue whales', metadata: { genre: 'sea' } }),
      );
      expect(
        (await store.similaritySearch('red apples', 2, { genre: 'fruit' })).map((d) => d.id),
      ).toEqual(['b']);
      expect((await store.similaritySearch('blue whales', 1, { genre: 'sea' }))[0]?.id).toBe('a');
    });

    redisTest('gives back all metadata with its types, declared or not', async ({ redis }) => {
      const store = testStore(redis, engine, new HashedEmbeddings(), { metadataSchema });
      const documents = corpus().slice(0, 6);
      const metadata = {
        genre: ['food', 'travel'],
        year: 2024,
        price: 12.5,
        negative: -3,
        big: 2 ** 53 - 1,
        flag: false,
        nothing: null,
        empty: '',
        unicode: 'ünïcödé 🚀 "quotes" \\ back\nslash',
        list: [1, 'two', { three: [3] }, null, true],
        nested: { a: { b: { c: [1.25, 2.5] } }, emptyObject: {}, emptyList: [] },
      };
      documents.push(new Document({ id: 'rich', pageContent: 'a rich document', metadata }));
      await store.addDocuments(documents);
      const [byId] = await store.getByIds(['rich']);
      expect(byId?.metadata).toStrictEqual(metadata);
      const [[searched, distance]] = (await store.similaritySearchWithScore(
        'a rich document',
        1,
      )) as [[Document, number]];
      expect(searched).toEqual(byId);
      expect(distance).toBeCloseTo(0, 5);
      for (const document of await store.getByIds(documents.map((item) => item.id as string))) {
        expect(document).toEqual(documents.find((item) => item.id === document.id));
      }
    });

    redisTest(
      'keeps ids with any characters apart, and never touches other keys',
      async ({ redis }) => {
        const store = testStore(redis, engine);
        const ids = [
          'a:b',
          'a*',
          '*',
          '{tag}',
          '} {',
          '..',
          '../x',
          'a b\nc',
          'ünï',
          '🚀',
          '%41',
          'A',
          '"\'\\',
          '-',
        ];
        await redis.client.set(`${redis.prefix}:outsider`, 'keep me');
        await store.addDocuments(
          ids.map((id) => new Document({ pageContent: `text of ${id}` })),
          { ids },
        );
        const found = await store.getByIds(ids);
        expect(found.map((document) => [document.id, document.pageContent])).toEqual(
          ids.map((id) => [id, `text of ${id}`]),
        );
        await store.delete({ ids: ['a*', '*', '{tag}'] });
        expect((await store.getByIds(ids)).map((document) => document.id)).toEqual(
          ids.filter((id) => !['a*', '*', '{tag}'].includes(id)),
        );
        expect((await store.info()).documents).toBe(ids.length - 3);
        await store.delete({ deleteAll: true });
        expect(await redis.client.get(`${redis.prefix}:outsider`)).toBe('keep me');
      },
    );

    redisTest('getByIds keeps the order asked and skips unknown ids', async ({ redis }) => {
      const store = testStore(redis, engine);
      expect(await store.getByIds(['x'])).toEqual([]);
      await store.addDocuments(corpus().slice(0, 5));
      const found = await store.getByIds(['doc-3', 'missing', 'doc-0', 'doc-3']);
      expect(found.map((document) => document.id)).toEqual(['doc-3', 'doc-0', 'doc-3']);
    });

    redisTest(
      'returns distances, nearest first, within a distance threshold',
      async ({ redis }) => {
        const embeddings = new HashedEmbeddings();
        const store = testStore(redis, engine, embeddings, exactSearch(engine));
        await store.addDocuments(corpus());
        const query = 'fresh pasta with eggs';
        const all = await store.similaritySearchWithScore(query, 40);
        const distances = all.map(([, distance]) => distance);
        expect(distances).toEqual([...distances].sort((a, b) => a - b));
        expect(all[0]?.[0].id).toBe('doc-0');
        const threshold = ((distances[2] ?? 0) + (distances[3] ?? 0)) / 2;
        const near = await store.similaritySearchWithScore(query, {
          k: 40,
          distanceThreshold: threshold,
        });
        expect(near.map(([document]) => document.id)).toEqual(all.slice(0, 3).map(([d]) => d.id));
        const vector = await embeddings.embedQuery(query);
        expect(
          await store.similaritySearchVectorWithScore(vector, {
            k: 40,
            distanceThreshold: threshold,
          }),
        ).toEqual(near);
      },
    );

    redisTest(
      'fromTexts, fromDocuments and fromExistingIndex share one index',
      async ({ redis }) => {
        const embeddings = new HashedEmbeddings();
        const options = {
          client: redis.client,
          indexName: redis.prefix,
          engine,
          metadataSchema: [...metadataSchema],
        };
        await expect(RedisVectorStore.fromExistingIndex(embeddings, options)).rejects.toThrow(
          InvalidArgumentError,
        );
        const fromTexts = await RedisVectorStore.fromTexts(
          ['cats purr', 'dogs bark'],
          [{ genre: 'cat' }, { genre: 'dog' }],
          embeddings,
          options,
        );
        await RedisVectorStore.fromDocuments(
          [new Document({ pageContent: 'birds sing', metadata: { genre: 'bird' } })],
          embeddings,
          options,
        );
        const existing = await RedisVectorStore.fromExistingIndex(embeddings, options);
        expect(await existing.info()).toMatchObject({
          engine,
          exists: true,
          documents: 3,
          dimension: 256,
        });
        const [dogs] = await existing.similaritySearch('dogs bark', 1, { genre: 'dog' });
        expect(dogs?.pageContent).toBe('dogs bark');
        const shared = await RedisVectorStore.fromTexts(
          ['fish swim'],
          { genre: 'fish' },
          embeddings,
          options,
        );
        expect((await fromTexts.similaritySearch('fish swim', 1))[0]?.metadata).toEqual({
          genre: 'fish',
        });
        await shared.close();
      },
    );

    redisTest('concurrent writers lose nothing', async ({ redis }) => {
      const writers = Array.from({ length: 4 }, () => testStore(redis, engine));
      const batches = await Promise.all(
        writers.map((writer, index) =>
          writer.addDocuments(
            Array.from(
              { length: 25 },
              (_, position) => new Document({ pageContent: `writer ${index} text ${position}` }),
            ),
          ),
        ),
      );
      const ids = batches.flat();
      expect(new Set(ids).size).toBe(100);
      expect((await writers[0]?.info())?.documents).toBe(100);
      expect(await writers[0]?.getByIds(ids)).toHaveLength(100);
    });

    redisTest('opens from a url and closes what it opened', async ({ redis }) => {
      const store = new RedisVectorStore(new HashedEmbeddings(), {
        url: redis.url,
        indexName: redis.prefix,
        engine,
      });
      await store.addDocuments([new Document({ pageContent: 'hello' })]);
      expect(await store.similaritySearch('hello', 1)).toHaveLength(1);
      await store.close();
      await expect(store.similaritySearch('hello', 1)).rejects.toThrow();
    });
  });
}
