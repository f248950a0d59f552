import { Document } from '@langchain/core/documents';
import { describeWith, type RedisTestContext, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { corpus } from '../test/test-corpus.js';
import { HashedEmbeddings } from '../test/test-helpers.js';
import { langchainPythonLayout, RedisVectorStore } from './index.js';

const metadataSchema = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

/**
 * An index as LangChain Python's `RedisVectorStore` (langchain-redis on RedisVL) makes it with
 * HASH storage: its `FT.CREATE` and hashes written here by hand, from its documented defaults
 * (content `text`, vector `embedding`, each metadata field a hash field, tags split by `|`,
 * keys `<index_name>:<id>`), since Python's package cannot be installed on this machine.
 */
async function pythonIndex(redis: RedisTestContext) {
  const embeddings = new HashedEmbeddings(64);
  const indexName = redis.prefix;
  await redis.client.sendCommand([
    'FT.CREATE',
    indexName,
    'ON',
    'HASH',
    'PREFIX',
    '1',
    `${indexName}:`,
    'SCHEMA',
    'text',
    'TEXT',
    'embedding',
    'VECTOR',
    'FLAT',
    '6',
    'TYPE',
    'FLOAT32',
    'DIM',
    '64',
    'DISTANCE_METRIC',
    'COSINE',
    'genre',
    'TAG',
    'SEPARATOR',
    '|',
    'year',
    'NUMERIC',
  ]);
  const documents = corpus();
  const vectors = await embeddings.embedDocuments(documents.map((d) => d.pageContent));
  for (const [position, document] of documents.entries()) {
    await redis.client.sendCommand([
      'HSET',
      `${indexName}:py${position}`,
      'text',
      document.pageContent,
      'embedding',
      Buffer.from(new Float32Array(vectors[position] as number[]).buffer),
      'genre',
      String(document.metadata.genre),
      'year',
      String(document.metadata.year),
    ]);
  }
  const ours = new RedisVectorStore(embeddings, {
    client: redis.client,
    indexName,
    existingIndex: langchainPythonLayout(indexName),
    metadataSchema,
    vectorIndex: { algorithm: 'FLAT' },
  });
  return { ours, documents };
}

describeWith('query-engine', 'RedisVectorStore on an index made by LangChain Python', () => {
  redisTest('searches, filters and writes it in its layout', async ({ redis }) => {
    const { ours, documents } = await pythonIndex(redis);
    await expect.poll(async () => (await ours.info()).documents).toBe(documents.length);
    const [[best, distance]] = (await ours.similaritySearchWithScore(
      'Fresh pasta needs only flour, eggs and a little patience',
      1,
    )) as [[Document, number]];
    expect(best).toMatchObject({
      id: 'py0',
      pageContent: 'Fresh pasta needs only flour, eggs and a little patience',
      metadata: { genre: 'food', year: 2000 },
    });
    expect(distance).toBeCloseTo(0, 5);
    const sport = await ours.similaritySearch('a match', 40, { genre: 'sport' });
    expect(sport).toHaveLength(documents.filter((d) => d.metadata.genre === 'sport').length);

    await ours.addDocuments([
      new Document({
        id: 'ours',
        pageContent: 'Tags in a row',
        metadata: { genre: ['a', 'b'], year: 2026 },
      }),
    ]);
    expect(await redis.client.sendCommand(['HGET', `${redis.prefix}:ours`, 'genre'])).toBe('a|b');
    expect((await ours.getByIds(['ours']))[0]?.metadata).toEqual({ genre: ['a', 'b'], year: 2026 });
    expect((await ours.similaritySearch('tags', 5, { genre: 'b' })).map((d) => d.id)).toEqual([
      'ours',
    ]);
    await expect(
      ours.addDocuments([new Document({ pageContent: 'x', metadata: { author: 'me' } })]),
    ).rejects.toThrow(/"author" would be lost/);
  });
});
