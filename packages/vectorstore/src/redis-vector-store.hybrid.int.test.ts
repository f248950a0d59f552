import { Document } from '@langchain/core/documents';
import { CapabilityError } from '@x/redis-core';
import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { corpus } from '../test/test-corpus.js';
import { testStore } from '../test/test-helpers.js';
import { InvalidArgumentError, tag } from './index.js';

const metadataSchema = [{ name: 'genre', type: 'tag' as const }];

/** The corpus, and a runbook whose identifier a question names but whose words it does not share. */
function documents(): Document[] {
  return [
    ...corpus(),
    new Document({
      id: 'runbook',
      pageContent: 'KX-4471: restart the ingest worker and clear its lock',
      metadata: { genre: 'code' },
    }),
  ];
}

const QUESTION = 'A pipeline sends many commands in one network round trip, but KX-4471 shows up';

describeWith('query-engine', 'RedisVectorStore hybrid search (query-engine)', () => {
  redisTest(
    'finds the passage that holds the identifier, with its text score, distance and fused score',
    async ({ redis }) => {
      const store = testStore(redis, 'query-engine', undefined, { metadataSchema });
      await store.addDocuments(documents());
      const byVector = await store.similaritySearch(QUESTION, 3);
      const byBoth = await store.hybridSearch(QUESTION, 3);
      expect(byVector.map((document) => document.id)).not.toContain('runbook');
      expect(byBoth.map((result) => result.document.id)).toContain('runbook');
      const runbook = byBoth.find((result) => result.document.id === 'runbook');
      // Ranked by its words (the question shares more with another passage), not by meaning.
      expect(runbook?.textRank).toBeLessThanOrEqual(2);
      expect(runbook?.vectorRank ?? Infinity).toBeGreaterThan(3);
      expect(runbook?.textScore).toBeGreaterThan(0);
      expect(runbook?.distance).toBeGreaterThan(0);
      expect(runbook?.document.metadata).toEqual({ genre: 'code' });
      for (const [position, result] of byBoth.entries()) {
        expect(result.score).toBeLessThanOrEqual(byBoth[position - 1]?.score ?? Infinity);
      }

      const sport = await store.hybridSearch(QUESTION, {
        k: 5,
        filter: tag('genre').eq('sport'),
        fusion: { method: 'linear', vectorWeight: 0.5 },
      });
      expect(sport).toHaveLength(5);
      for (const result of sport) expect(result.document.metadata.genre).toBe('sport');
    },
  );

  redisTest(
    'a hybrid retriever returns the documents, fused by its searchKwargs',
    async ({ redis }) => {
      const store = testStore(redis, 'query-engine', undefined, { metadataSchema });
      await store.addDocuments(documents());
      const retriever = store.asRetriever({
        k: 2,
        searchType: 'hybrid',
        searchKwargs: { fusion: { method: 'linear', vectorWeight: 0 } },
      });
      const found = await retriever.invoke(QUESTION);
      // Text alone: the passage sharing most words, then the one holding the identifier.
      expect(found.map((document) => document.id)).toEqual(['doc-17', 'runbook']);
      const filtered = store.asRetriever({ k: 3, searchType: 'hybrid', filter: { genre: 'food' } });
      for (const document of await filtered.invoke(QUESTION)) {
        expect(document.metadata.genre).toBe('food');
      }
    },
  );

  redisTest('bad hybrid options fail before the query is embedded', async ({ redis }) => {
    const store = testStore(redis, 'query-engine');
    const embeddings = store.embeddings as { queryCalls?: number };
    await expect(store.hybridSearch(QUESTION, { k: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(
      store.hybridSearch(QUESTION, { fusion: { method: 'linear', vectorWeight: 2 } }),
    ).rejects.toThrow(/from 0 to 1/);
    await expect(store.hybridSearch(QUESTION, { filter: { genre: 'x' } })).rejects.toThrow(/genre/);
    expect(embeddings.queryCalls).toBe(0);
    expect(() =>
      store.asRetriever({ searchType: 'hybrid', distanceThreshold: 0.5 } as never),
    ).toThrow(/not to "hybrid"/);
  });
});

describeWith('vector-set', 'RedisVectorStore hybrid search (vector-set)', () => {
  redisTest(
    'is refused with a CapabilityError, by the store and its retriever',
    async ({ redis }) => {
      const store = testStore(redis, 'vector-set');
      await store.addDocuments(documents());
      await expect(store.hybridSearch(QUESTION, 3)).rejects.toThrow(CapabilityError);
      await expect(store.asRetriever({ searchType: 'hybrid' }).invoke(QUESTION)).rejects.toThrow(
        /no full-text index/,
      );
    },
  );
});
