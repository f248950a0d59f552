import { VectorStoreRetrieverMemory } from '@langchain/classic/memory';
import { ScoreThresholdRetriever } from '@langchain/classic/retrievers/score_threshold';
import { Document } from '@langchain/core/documents';
import { OfflineEmbeddings } from '@x/offline-embeddings';
import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { corpus } from '../test/test-corpus.js';
import { ENGINES, exactSearch, HashedEmbeddings, testStore } from '../test/test-helpers.js';
import { RedisVectorStoreRetriever } from './index.js';

const metadataSchema = [{ name: 'genre', type: 'tag' }] as const;
const ids = (documents: { id?: string | undefined }[]) => documents.map((document) => document.id);

for (const engine of ENGINES) {
  describeWith(engine, `RedisVectorStore retrievers (${engine})`, () => {
    const open = async (redis: Parameters<typeof testStore>[0]) => {
      const store = testStore(redis, engine, new HashedEmbeddings(), {
        metadataSchema,
        ...exactSearch(engine),
      });
      await store.addDocuments(corpus());
      return store;
    };

    redisTest('asRetriever(k, filter) returns the similarity search', async ({ redis }) => {
      const store = await open(redis);
      const query = 'a quick summer dinner';
      const retriever = store.asRetriever(3);
      expect(retriever).toBeInstanceOf(RedisVectorStoreRetriever);
      expect(await retriever.invoke(query)).toEqual(await store.similaritySearch(query, 3));
      const filtered = await store.asRetriever({ k: 5, filter: { genre: 'travel' } }).invoke(query);
      expect(filtered).toHaveLength(5);
      expect(filtered.every((document) => document.metadata.genre === 'travel')).toBe(true);
      expect(await store.asRetriever(5, { genre: 'travel' }).invoke(query)).toEqual(filtered);
    });

    redisTest('an mmr retriever trades near-duplicates for diversity', async ({ redis }) => {
      const store = await open(redis);
      const duplicate = 'Redis keeps data in memory for very low latency';
      await store.addDocuments(
        [1, 2, 3].map((copy) => new Document({ pageContent: duplicate, id: `copy-${copy}` })),
      );
      const query = 'in memory data with low latency';
      const similar = await store.asRetriever(4).invoke(query);
      expect(ids(similar).filter((id) => id === 'doc-14' || id?.startsWith('copy-'))).toHaveLength(
        4,
      );
      const retriever = store.asRetriever({
        k: 4,
        searchType: 'mmr',
        searchKwargs: { fetchK: 20, lambda: 0.5 },
      });
      const diverse = await retriever.invoke(query);
      expect(diverse).toHaveLength(4);
      expect(ids(diverse).filter((id) => id === 'doc-14' || id?.startsWith('copy-'))).toHaveLength(
        1,
      );
      // The same choice as the store's own MMR. Four documents share one text (and vector):
      // which of those ties comes first may differ between two searches, so they count as one.
      const tie = (id: string | undefined) =>
        id === 'doc-14' || id?.startsWith('copy-') ? 'the duplicate' : id;
      const direct = await store.maxMarginalRelevanceSearch(query, {
        k: 4,
        fetchK: 20,
        lambda: 0.5,
      });
      expect(ids(diverse).map(tie)).toEqual(ids(direct).map(tie));
    });

    redisTest(
      'a retriever with distanceThreshold keeps only documents that near',
      async ({ redis }) => {
        const store = await open(redis);
        const query = 'fresh pasta with flour and eggs';
        const scored = await store.similaritySearchWithScore(query, 40);
        const threshold = 0.75;
        const near = scored.filter(([, distance]) => distance <= threshold);
        expect(near.length).toBeGreaterThan(0);
        expect(near.length).toBeLessThan(10);
        const retriever = store.asRetriever({ k: 10, distanceThreshold: threshold });
        expect(ids(await retriever.invoke(query))).toEqual(ids(near.map(([document]) => document)));
        const mmr = store.asRetriever({ k: 10, searchType: 'mmr', distanceThreshold: threshold });
        expect(new Set(ids(await mmr.invoke(query)))).toEqual(
          new Set(ids(near.map(([document]) => document))),
        );
      },
    );

    redisTest(
      'ScoreThresholdRetriever keeps the nearest with withSimilarityScores()',
      async ({ redis }) => {
        const store = await open(redis);
        const query = 'fresh pasta with flour and eggs';
        const scored = await store.similaritySearchWithScore(query, 40);
        const minSimilarityScore = 0.25;
        const expected = scored.filter(([, distance]) => 1 - distance >= minSimilarityScore);
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.length).toBeLessThan(scored.length / 2);
        const retriever = ScoreThresholdRetriever.fromVectorStore(store.withSimilarityScores(), {
          minSimilarityScore,
          maxK: 40,
          kIncrement: 2,
        });
        expect(ids(await retriever.invoke(query))).toEqual(
          ids(expected.map(([document]) => document)),
        );
        const view = store.withSimilarityScores();
        const [[, similarity]] = (await view.similaritySearchWithScore(query, 1)) as [
          [Document, number],
        ];
        expect(similarity).toBeCloseTo(1 - (scored[0]?.[1] ?? 0), 6);
        await view.addDocuments([
          new Document({ pageContent: 'written through the view', id: 'v' }),
        ]);
        expect(ids(await store.getByIds(['v']))).toEqual(['v']);
      },
    );

    redisTest('VectorStoreRetrieverMemory recalls the relevant exchange', async ({ redis }) => {
      const store = testStore(redis, engine, new OfflineEmbeddings());
      const memory = new VectorStoreRetrieverMemory({
        vectorStoreRetriever: store.asRetriever(1),
        memoryKey: 'history',
      });
      await memory.saveContext(
        { input: 'My favorite food is pizza' },
        { output: "that's good to know" },
      );
      await memory.saveContext({ input: 'My favorite sport is soccer' }, { output: '...' });
      await memory.saveContext({ input: "I don't like the Celtics" }, { output: 'ok' });
      const { history } = await memory.loadMemoryVariables({
        prompt: 'what sport should i watch?',
      });
      expect(history).toBe('input: My favorite sport is soccer\noutput: ...');
      const food = await memory.loadMemoryVariables({ prompt: 'what should I cook for dinner?' });
      expect(food.history).toContain('pizza');
    });
  });
}
