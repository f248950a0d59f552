import { Document } from '@langchain/core/documents';
import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { corpus } from '../test/test-corpus.js';
import { ENGINES, exactSearch, HashedEmbeddings, testStore } from '../test/test-helpers.js';
import { InvalidArgumentError, num, or, tag } from './index.js';

const metadataSchema = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

for (const engine of ENGINES) {
  describeWith(engine, `RedisVectorStore filters (${engine})`, () => {
    redisTest('filters timestamps with Dates, to the millisecond', async ({ redis }) => {
      const store = testStore(redis, engine, new HashedEmbeddings(), {
        metadataSchema: [{ name: 'publishedAt', type: 'numeric' }],
        ...exactSearch(engine),
      });
      const at = (iso: string) => new Date(iso).getTime();
      await store.addDocuments([
        new Document({
          id: 'old',
          pageContent: 'note',
          metadata: { publishedAt: at('2024-12-31T23:59:59.999Z') },
        }),
        new Document({
          id: 'new-year',
          pageContent: 'note',
          metadata: { publishedAt: at('2025-01-01T00:00:00.000Z') },
        }),
        new Document({
          id: 'spring',
          pageContent: 'note',
          metadata: { publishedAt: at('2025-04-01T12:00:00.000Z') },
        }),
        new Document({ id: 'undated', pageContent: 'note' }),
      ]);
      const ids = async (filter: Parameters<typeof store.similaritySearch>[2]) =>
        (await store.similaritySearch('note', 10, filter)).map((document) => document.id).sort();
      const year2025 = new Date('2025-01-01T00:00:00Z');
      expect(await ids({ publishedAt: { $gte: year2025 } })).toEqual(['new-year', 'spring']);
      expect(await ids(num('publishedAt').lt(year2025))).toEqual(['old']);
      expect(await ids({ publishedAt: year2025 })).toEqual(['new-year']);
      expect(
        await ids(num('publishedAt').between(year2025, new Date('2025-03-31T23:59:59.999Z'))),
      ).toEqual(['new-year']);
    });

    redisTest('filters with builders and plain objects alike', async ({ redis }) => {
      const store = testStore(redis, engine, new HashedEmbeddings(), {
        metadataSchema,
        ...exactSearch(engine),
      });
      const documents = corpus();
      await store.addDocuments(documents);
      const query = 'a quick dinner or a match';
      const cases = [
        [tag('genre').eq('food'), { genre: 'food' }],
        [num('year').between(2005, 2010), { year: { $gte: 2005, $lte: 2010 } }],
        [
          or(tag('genre').eq('sport'), num('year').lt(2003)),
          { $or: [{ genre: 'sport' }, { year: { $lt: 2003 } }] },
        ],
        [tag('genre').ne('code'), { genre: { $ne: 'code' } }],
      ] as const;
      for (const [built, plain] of cases) {
        const withBuilt = await store.similaritySearch(query, 40, built);
        const withPlain = await store.similaritySearch(query, { k: 40, filter: plain });
        expect(withBuilt.length).toBeGreaterThan(0);
        expect(withBuilt.length).toBeLessThan(documents.length);
        expect(withPlain).toEqual(withBuilt);
      }
      const food = await store.similaritySearch(query, 40, { genre: 'food' });
      expect(food.map((document) => document.id).sort()).toEqual(
        documents
          .filter((d) => d.metadata.genre === 'food')
          .map((d) => d.id)
          .sort(),
      );
      await expect(
        store.similaritySearch(query, { k: 3, filter: { genre: 'food' } }, { genre: 'food' }),
      ).rejects.toThrow(InvalidArgumentError);
    });
  });
}
