import { VectorStoreRetrieverMemory } from '@langchain/classic/memory';
import { ScoreThresholdRetriever } from '@langchain/classic/retrievers/score_threshold';
import { Document } from '@langchain/core/documents';
import { RedisVectorStore as LangChainRedisVectorStore } from '@langchain/redis';
import { OfflineEmbeddings } from '@x/offline-embeddings';
import { describeWith, redisTest } from '@x/test-utils';
import { createClient } from 'redis';
import { expect } from 'vitest';
import {
  and,
  langchainPythonLayout,
  langchainRedisLayout,
  num,
  RedisVectorStore,
  tag,
} from './index.js';

// The README's examples, line for line but for the embeddings (OpenAIEmbeddings there, a
// sentence model that runs offline here) and the client (the test's own): keep them in step.
describeWith('vector-search', 'README examples', () => {
  redisTest('quick start, filters, scores, retrievers and memory', async ({ redis }) => {
    const client = redis.client;
    const indexName = redis.prefix;

    // Quick start
    const store = new RedisVectorStore(new OfflineEmbeddings(), {
      client,
      indexName,
      metadataSchema: [
        { name: 'genre', type: 'tag' },
        { name: 'year', type: 'numeric' },
      ],
    });
    const ids = await store.addDocuments([
      new Document({
        pageContent: 'Redis keeps data in memory',
        metadata: { genre: 'tech', year: 2024 },
      }),
      new Document({
        pageContent: 'Vector sets find the nearest embeddings',
        metadata: { genre: 'tech', year: 2025 },
      }),
      new Document({
        pageContent: 'Fresh pasta needs flour and eggs',
        metadata: { genre: 'food', year: 2023 },
      }),
    ]);
    expect(ids).toHaveLength(3);
    const [[best, distance]] = (await store.similaritySearchWithScore('in-memory database', 1)) as [
      [Document, number],
    ];
    expect(best.pageContent).toBe('Redis keeps data in memory');
    expect(best.metadata).toEqual({ genre: 'tech', year: 2024 });
    expect(distance).toBeGreaterThan(0);
    expect(distance).toBeLessThan(1);

    // Filters
    const plain = await store.similaritySearch('cooking', 4, {
      genre: 'tech',
      year: { $gte: 2025 },
    });
    const built = await store.similaritySearch(
      'cooking',
      4,
      and(tag('genre').eq('tech'), num('year').gte(2025)),
    );
    expect(plain.map((document) => document.pageContent)).toEqual([
      'Vector sets find the nearest embeddings',
    ]);
    expect(built).toEqual(plain);

    // Scores and thresholds
    const near = store.asRetriever({ k: 4, distanceThreshold: 0.6 });
    const nearDocuments = await near.invoke('in-memory database');
    expect(nearDocuments.map((document) => document.pageContent)).toContain(
      'Redis keeps data in memory',
    );
    expect(nearDocuments.map((document) => document.pageContent)).not.toContain(
      'Fresh pasta needs flour and eggs',
    );
    const threshold = ScoreThresholdRetriever.fromVectorStore(store.withSimilarityScores(), {
      minSimilarityScore: 0.4,
      maxK: 10,
    });
    expect(
      (await threshold.invoke('in-memory database')).map((document) => document.pageContent),
    ).toEqual(nearDocuments.map((document) => document.pageContent));

    // MMR
    const diverse = store.asRetriever({
      k: 2,
      searchType: 'mmr',
      searchKwargs: { fetchK: 20, lambda: 0.5 },
    });
    expect(await diverse.invoke('redis')).toHaveLength(2);

    // Retriever memory
    const memoryStore = new RedisVectorStore(new OfflineEmbeddings(), {
      client,
      indexName: `${indexName}-memory`,
    });
    const memory = new VectorStoreRetrieverMemory({
      vectorStoreRetriever: memoryStore.asRetriever(1),
      memoryKey: 'history',
    });
    await memory.saveContext(
      { input: 'My favorite food is pizza' },
      { output: "that's good to know" },
    );
    await memory.saveContext({ input: 'My favorite sport is soccer' }, { output: '...' });
    await memory.saveContext({ input: "I don't like the Celtics" }, { output: 'ok' });
    const { history } = await memory.loadMemoryVariables({ prompt: 'what sport should i watch?' });
    expect(history).toBe('input: My favorite sport is soccer\noutput: ...');

    // Delete
    await store.delete({ ids: [ids[0] as string] });
    await store.delete({ filter: { genre: 'food' } });
    expect(await store.getByIds(ids)).toHaveLength(1);
    await store.delete({ deleteAll: true });
    await memoryStore.delete({ deleteAll: true });
  });
});

describeWith('vector-search', 'README examples: timestamps', () => {
  redisTest('filters take Dates for a numeric field of milliseconds', async ({ redis }) => {
    const store = new RedisVectorStore(new OfflineEmbeddings(), {
      client: redis.client,
      indexName: redis.prefix,
      metadataSchema: [{ name: 'publishedAt', type: 'numeric' }],
    });
    await store.addDocuments([
      new Document({
        pageContent: 'release notes of 4.0',
        metadata: { publishedAt: Date.UTC(2025, 2, 1) },
      }),
      new Document({
        pageContent: 'release notes of 3.0',
        metadata: { publishedAt: Date.UTC(2024, 2, 1) },
      }),
    ]);

    const recent = await store.similaritySearch('release notes', 4, {
      publishedAt: { $gte: new Date('2025-01-01') },
    });
    const spring = await store.similaritySearch(
      'release notes',
      4,
      num('publishedAt').between(new Date('2025-01-01'), new Date('2025-06-30')),
    );
    expect(recent.map((document) => document.pageContent)).toEqual(['release notes of 4.0']);
    expect(spring).toEqual(recent);
    await store.delete({ deleteAll: true });
  });
});

describeWith('query-engine', 'README examples: existing indexes', () => {
  redisTest(
    'attach to indexes made by @langchain/redis and LangChain Python',
    async ({ redis }) => {
      const client = redis.client;
      const indexName = redis.prefix;
      // An index made by @langchain/redis (its own client: it reads RESP2 replies).
      const theirClient = createClient({ url: redis.url, RESP: 2 });
      await theirClient.connect();
      const embeddings = new OfflineEmbeddings();
      await new LangChainRedisVectorStore(embeddings, {
        redisClient: theirClient as never,
        indexName,
        keyPrefix: `${indexName}:doc:`,
        customSchema: { genre: { type: 'TAG' } } as never,
      }).addDocuments([
        new Document({ pageContent: 'Redis keeps data in memory', metadata: { genre: 'tech' } }),
        new Document({
          pageContent: 'Fresh pasta needs flour and eggs',
          metadata: { genre: 'food' },
        }),
      ]);
      await theirClient.close();

      const store = await RedisVectorStore.fromExistingIndex(new OfflineEmbeddings(), {
        client,
        indexName,
        existingIndex: langchainRedisLayout(indexName, { keyPrefix: `${indexName}:doc:` }), // its keyPrefix, contentKey, vectorKey, metadataKey if you changed them
        metadataSchema: [{ name: 'genre', type: 'tag' }], // its customSchema fields you filter on
      });
      const found = await store.similaritySearch('in-memory database', 4, { genre: 'tech' });
      expect(found.map((document) => document.pageContent)).toEqual(['Redis keeps data in memory']);

      // An index made by LangChain Python: its FT.CREATE as langchain-redis sends it.
      await client.sendCommand(
        `FT.CREATE ${indexName}-py ON HASH PREFIX 1 ${indexName}-py: SCHEMA text TEXT embedding VECTOR FLAT 6 TYPE FLOAT32 DIM 512 DISTANCE_METRIC COSINE genre TAG SEPARATOR | year NUMERIC`.split(
          ' ',
        ),
      );
      const fromPython = await RedisVectorStore.fromExistingIndex(new OfflineEmbeddings(), {
        client,
        indexName: `${indexName}-py`,
        existingIndex: langchainPythonLayout(`${indexName}-py`),
        metadataSchema: [
          { name: 'genre', type: 'tag' },
          { name: 'year', type: 'numeric' },
        ],
        vectorIndex: { algorithm: 'FLAT' }, // what the index was made with (Python's default)
      });
      await fromPython.addDocuments([
        new Document({ pageContent: 'Vector sets', metadata: { genre: 'tech', year: 2025 } }),
      ]);
      expect((await fromPython.similaritySearch('vectors', 1))[0]?.metadata).toEqual({
        genre: 'tech',
        year: 2025,
      });
      await client.sendCommand(['FT.DROPINDEX', `${indexName}-py`, 'DD']);
    },
  );
});

describeWith('query-engine', 'README examples (Query Engine)', () => {
  redisTest('hybrid search', async ({ redis }) => {
    const store = new RedisVectorStore(new OfflineEmbeddings(), {
      client: redis.client,
      indexName: redis.prefix,
      metadataSchema: [
        { name: 'genre', type: 'tag' },
        { name: 'year', type: 'numeric' },
      ],
    });
    await store.addDocuments([
      new Document({ pageContent: 'Redis keeps data in memory', metadata: { genre: 'tech' } }),
      new Document({
        id: 'runbook',
        pageContent: 'ERR-4021: the disk is full; free space and restart the writer',
        metadata: { genre: 'tech' },
      }),
      new Document({
        pageContent: 'Fresh pasta needs flour and eggs',
        metadata: { genre: 'food' },
      }),
    ]);

    const results = await store.hybridSearch('What does error ERR-4021 mean?', 4);
    // [{ document, score, distance, textScore, textRank, vectorRank }, ...], best first
    expect(results[0]?.document.id).toBe('runbook');
    expect(results[0]).toMatchObject({ textRank: 1 });

    // Options: a filter (both rankings), the fusion, how many candidates each ranking brings.
    const options = await store.hybridSearch('What does error ERR-4021 mean?', {
      k: 4,
      filter: { genre: 'tech' },
      fusion: { method: 'linear', vectorWeight: 0.7 }, // default: { method: 'rrf', rankConstant: 60, vectorWeight: 0.5 }
      candidates: 20,
    });
    expect(options.map((result) => result.document.metadata.genre)).toEqual(['tech', 'tech']);

    // As a retriever, for chains and agents.
    const hybrid = store.asRetriever({
      k: 4,
      searchType: 'hybrid',
      searchKwargs: { candidates: 30 },
    });
    expect((await hybrid.invoke('What does error ERR-4021 mean?'))[0]?.id).toBe('runbook');
    await store.delete({ deleteAll: true });
  });
});
