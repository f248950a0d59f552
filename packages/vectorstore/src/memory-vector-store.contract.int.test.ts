import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import type { DocumentInterface } from '@langchain/core/documents';
import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { corpus, QUERIES } from '../test/test-corpus.js';
import { ENGINES, exactSearch, HashedEmbeddings, testStore } from '../test/test-helpers.js';
import { and, num, tag } from './index.js';
import type { RedisVectorStoreFilter } from './redis-vector-store-options.js';

const metadataSchema = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

/** The same filter for both stores: ours as the index takes it, LangChain's as a predicate. */
const FILTERS: {
  name: string;
  ours: RedisVectorStoreFilter;
  memory: (document: DocumentInterface) => boolean;
}[] = [
  {
    name: 'a tag, as a plain object',
    ours: { genre: 'food' },
    memory: (document) => document.metadata.genre === 'food',
  },
  {
    name: 'tags and a numeric range, built',
    ours: and(tag('genre').in(['sport', 'travel']), num('year').gte(2010)),
    memory: (document) =>
      ['sport', 'travel'].includes(document.metadata.genre) && document.metadata.year >= 2010,
  },
  {
    name: '$nin and $lt, as a plain object',
    ours: { genre: { $nin: ['code', 'music'] }, year: { $lt: 2012 } },
    memory: (document) =>
      !['code', 'music'].includes(document.metadata.genre) && document.metadata.year < 2012,
  },
];

const ids = (results: [DocumentInterface, number][]) => results.map(([document]) => document.id);

/** The reference must not rank near-equal scores: float32 storage may order those either way. */
function expectNoTies(results: [DocumentInterface, number][]): void {
  for (let position = 1; position < results.length; position++) {
    const gap = (results[position - 1]?.[1] ?? 0) - (results[position]?.[1] ?? 0);
    expect(gap, `test data: scores ${position - 1} and ${position} tie`).toBeGreaterThan(1e-5);
  }
}

async function compare(
  reference: MemoryVectorStore,
  store: ReturnType<typeof testStore>,
  query: string,
  k: number,
  filters?: { ours: RedisVectorStoreFilter; memory: (document: DocumentInterface) => boolean },
): Promise<number> {
  // One more than k, so that a tie at the boundary would show.
  const expected = await reference.similaritySearchWithScore(query, k + 1, filters?.memory);
  expectNoTies(expected);
  const actual = await store.similaritySearchWithScore(query, k, filters?.ours);
  expect(ids(actual), `"${query}", k = ${k}`).toEqual(ids(expected.slice(0, k)));
  actual.forEach(([document, distance], position) => {
    const [reference, similarity] = expected[position] as [DocumentInterface, number];
    expect(distance).toBeCloseTo(1 - similarity, 5);
    expect(document).toEqual(reference);
  });
  return actual.length;
}

for (const engine of ENGINES) {
  describeWith(engine, `RedisVectorStore matches MemoryVectorStore (${engine})`, () => {
    const open = async (redis: Parameters<typeof testStore>[0]) => {
      const embeddings = new HashedEmbeddings();
      const documents = corpus();
      const reference = await MemoryVectorStore.fromDocuments(documents, embeddings);
      const store = testStore(redis, engine, embeddings, {
        metadataSchema,
        ...exactSearch(engine),
      });
      await store.addDocuments(documents);
      return { reference, store };
    };

    redisTest(
      'returns the same top-k documents, in order, for every query and k',
      async ({ redis }) => {
        const { reference, store } = await open(redis);
        let compared = 0;
        for (const query of QUERIES) {
          for (const k of [1, 3, 5, 10]) compared += await compare(reference, store, query, k);
        }
        expect(compared).toBe(QUERIES.length * 19);
      },
    );

    redisTest(
      'returns the same top-k documents under filters, in both forms',
      async ({ redis }) => {
        const { reference, store } = await open(redis);
        for (const filter of FILTERS) {
          let compared = 0;
          for (const query of QUERIES)
            compared += await compare(reference, store, query, 3, filter);
          expect(compared, filter.name).toBeGreaterThan(0);
        }
      },
    );

    redisTest('chooses the same documents by maximal marginal relevance', async ({ redis }) => {
      const { reference, store } = await open(redis);
      for (const query of QUERIES) {
        const options = { k: 4, fetchK: 12, lambda: 0.5 };
        const expected = await reference.maxMarginalRelevanceSearch(query, options);
        const actual = await store.maxMarginalRelevanceSearch(query, options);
        expect(
          actual.map((document) => document.id),
          query,
        ).toEqual(expected.map((document) => document.id));
      }
    });
  });
}
