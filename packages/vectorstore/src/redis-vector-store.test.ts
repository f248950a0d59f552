import { Document } from '@langchain/core/documents';
import { describe, expect, test } from 'vitest';
import { HashedEmbeddings } from '../test/test-helpers.js';
import {
  distanceToSimilarity,
  InvalidArgumentError,
  InvalidFilterError,
  InvalidKeyError,
  RedisVectorStore,
  type RedisVectorStoreSettings,
  SerializationError,
  tag,
} from './index.js';

/**
 * A store whose server does not exist: every check below must fail before anything is sent,
 * or the call would be a connection error instead (or never return).
 */
function offlineStore(settings: Partial<RedisVectorStoreSettings> = {}) {
  const embeddings = new HashedEmbeddings(8);
  const store = new RedisVectorStore(embeddings, {
    url: 'redis://127.0.0.1:1',
    indexName: 'docs',
    metadataSchema: [
      { name: 'genre', type: 'tag' },
      { name: 'year', type: 'numeric' },
    ],
    ...settings,
  });
  return { store, embeddings };
}

describe('RedisVectorStore options', () => {
  test.each([
    ['no indexName', { url: 'redis://x' }, InvalidArgumentError],
    ['neither client nor url', { indexName: 'docs' }, InvalidArgumentError],
    ['a bad indexName', { url: 'redis://x', indexName: 'a b' }, InvalidKeyError],
    ['a bad prefix', { url: 'redis://x', indexName: 'docs', prefix: 'a:*' }, InvalidKeyError],
    ['a zero ttl', { url: 'redis://x', indexName: 'docs', ttl: 0 }, InvalidArgumentError],
    [
      'a bad batch size',
      { url: 'redis://x', indexName: 'docs', chunkSize: 0.5 },
      InvalidArgumentError,
    ],
    [
      'a reserved field name',
      { url: 'redis://x', indexName: 'docs', metadataSchema: [{ name: 'content', type: 'tag' }] },
      InvalidArgumentError,
    ],
    [
      'an unknown field type',
      { url: 'redis://x', indexName: 'docs', metadataSchema: [{ name: 'at', type: 'point' }] },
      InvalidArgumentError,
    ],
    [
      'a metadataSchema that is not a list',
      { url: 'redis://x', indexName: 'docs', metadataSchema: { genre: 'tag' } },
      InvalidArgumentError,
    ],
    [
      'an unknown engine',
      { url: 'redis://x', indexName: 'docs', engine: 'faiss' },
      InvalidArgumentError,
    ],
    [
      'a zero dimension',
      { url: 'redis://x', indexName: 'docs', vectorIndex: { dimension: 0 } },
      InvalidArgumentError,
    ],
  ])('refuses %s', (_, options, ErrorClass) => {
    expect(() => new RedisVectorStore(new HashedEmbeddings(), options as never)).toThrow(
      ErrorClass,
    );
  });
});

describe('RedisVectorStore refuses bad input before anything is embedded or sent', () => {
  test('an empty list is a no-op', async () => {
    const { store, embeddings } = offlineStore();
    expect(await store.addDocuments([])).toEqual([]);
    expect(await store.addVectors([], [])).toEqual([]);
    expect(embeddings.documentCalls).toEqual([]);
  });

  test.each([
    ['a BigInt', { count: 10n }, 'documents[1].metadata.count'],
    ['a Date', { at: new Date(0) }, 'documents[1].metadata.at'],
    ['NaN', { score: Number.NaN }, 'documents[1].metadata.score'],
    ['-0', { year: -0 }, 'documents[1].metadata.year'],
    [
      'Infinity',
      { nested: { score: Number.POSITIVE_INFINITY } },
      'documents[1].metadata.nested.score',
    ],
    ['a function', { callback: () => 1 }, 'documents[1].metadata.callback'],
    ['a Map', { map: new Map() }, 'documents[1].metadata.map'],
    ['a symbol', { symbol: Symbol('x') }, 'documents[1].metadata.symbol'],
    ['undefined in an array', { list: [1, undefined] }, 'documents[1].metadata.list[1]'],
  ])('metadata holding %s is a SerializationError naming it', async (_, metadata, path) => {
    const { store, embeddings } = offlineStore();
    const documents = [
      new Document({ pageContent: 'fine' }),
      new Document({ pageContent: 'bad', metadata: metadata as Record<string, unknown> }),
    ];
    const error = await store.addDocuments(documents).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SerializationError);
    expect(String(error)).toContain(path);
    expect(embeddings.documentCalls).toEqual([]);
  });

  test('page content with a lone UTF-16 surrogate is an InvalidArgumentError', async () => {
    const { store, embeddings } = offlineStore();
    const documents = [
      new Document({ pageContent: 'fine' }),
      new Document({ pageContent: 'a\uD800b' }),
    ];
    const error = await store.addDocuments(documents).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(String(error)).toContain('documents[1].pageContent');
    expect(embeddings.documentCalls).toEqual([]);
  });

  test('metadata that refers back to itself is a SerializationError', async () => {
    const { store } = offlineStore();
    const metadata: Record<string, unknown> = { name: 'loop' };
    metadata.self = { again: metadata };
    await expect(
      store.addDocuments([new Document({ pageContent: 'x', metadata })]),
    ).rejects.toThrow(SerializationError);
  });

  test('undefined properties are left out, as JSON does', async () => {
    const { store } = offlineStore();
    // Passes every check, so it reaches the (absent) server: a connection error, not ours.
    const error = await store
      .addVectors(
        [[1, 0, 0, 0, 0, 0, 0, 0]],
        [new Document({ pageContent: 'x', metadata: { a: undefined } })],
      )
      .catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(SerializationError);
    expect(error).not.toBeInstanceOf(InvalidArgumentError);
    await store.close();
  });

  test('ids, vectors and ttl are checked before anything is embedded', async () => {
    const { store, embeddings } = offlineStore();
    const documents = [new Document({ pageContent: 'a' }), new Document({ pageContent: 'b' })];
    await expect(store.addDocuments(documents, { ids: ['only-one'] })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(store.addVectors([[1, 2]], documents)).rejects.toThrow(InvalidArgumentError);
    await expect(store.addDocuments(documents, { ids: ['a', ''] })).rejects.toThrow(
      InvalidKeyError,
    );
    await expect(store.addDocuments(documents, { ttl: -1 })).rejects.toThrow(InvalidArgumentError);
    expect(embeddings.documentCalls).toEqual([]);
  });

  test.each([
    ['an undeclared field', { author: 'me' }],
    ['an unknown operator', { genre: { $like: 'x' } }],
    ['a tag compared with a range', { genre: { $gt: 1 } }],
    ['a builder on an undeclared field', tag('author').eq('me')],
    ['an array value', { genre: ['a', 'b'] }],
  ])(
    'a filter with %s is an InvalidFilterError before the query is embedded',
    async (_, filter) => {
      const { store, embeddings } = offlineStore();
      await expect(store.similaritySearch('q', 2, filter)).rejects.toThrow(InvalidFilterError);
      await expect(store.similaritySearchWithScore('q', { k: 2, filter })).rejects.toThrow(
        InvalidFilterError,
      );
      await expect(store.maxMarginalRelevanceSearch('q', { k: 2, filter })).rejects.toThrow(
        InvalidFilterError,
      );
      await expect(store.asRetriever({ k: 2, filter }).invoke('q')).rejects.toThrow(
        InvalidFilterError,
      );
      await expect(store.delete({ filter })).rejects.toThrow(InvalidFilterError);
      expect(embeddings.queryCalls).toBe(0);
    },
  );

  test('search options are checked before the query is embedded', async () => {
    const { store, embeddings } = offlineStore();
    await expect(store.similaritySearch('q', 0)).rejects.toThrow(InvalidArgumentError);
    await expect(store.similaritySearch('q', 1.5)).rejects.toThrow(InvalidArgumentError);
    await expect(store.similaritySearch('q', { k: 2, filter: {} }, { genre: 'x' })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(store.maxMarginalRelevanceSearch('q', { k: 5, fetchK: 3 })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(store.maxMarginalRelevanceSearch('q', { k: 2, lambda: 1.5 })).rejects.toThrow(
      InvalidArgumentError,
    );
    expect(embeddings.queryCalls).toBe(0);
  });

  test('delete takes exactly one of ids, filter and deleteAll', async () => {
    const { store } = offlineStore();
    for (const params of [{}, { ids: ['a'], filter: { genre: 'x' } }, { deleteAll: false }]) {
      await expect(store.delete(params as never)).rejects.toThrow(InvalidArgumentError);
    }
    await expect(store.delete({ filter: {} })).rejects.toThrow(InvalidFilterError);
  });

  test('a retriever refuses unknown search types and negative thresholds', () => {
    const { store } = offlineStore();
    expect(() => store.asRetriever({ searchType: 'similarity_score_threshold' as never })).toThrow(
      /distanceThreshold/,
    );
    expect(() => store.asRetriever({ distanceThreshold: -0.1 })).toThrow(InvalidArgumentError);
  });
});

describe('distanceToSimilarity', () => {
  test('turns each metric’s distance into a similarity that grows as documents get closer', () => {
    expect(distanceToSimilarity(0, 'COSINE')).toBe(1);
    expect(distanceToSimilarity(0.25, 'COSINE')).toBe(0.75);
    expect(distanceToSimilarity(2, 'COSINE')).toBe(-1);
    expect(distanceToSimilarity(0.5, 'IP')).toBe(0.5);
    expect(distanceToSimilarity(0, 'L2')).toBe(1);
    expect(distanceToSimilarity(3, 'L2')).toBe(0.25);
  });
});
