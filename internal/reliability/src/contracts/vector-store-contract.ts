import { Document } from '@langchain/core/documents';
import type { ConnectionOptions } from '@x/redis-core';
import { RedisVectorStore, tag } from '@x/vectorstore';
import { expect } from 'vitest';
import { HashEmbeddings } from '../hash-embeddings.js';
import type { ContractRun } from './contract-run.js';

const GENRES = ['sf', 'drama', 'x} | @other:{y'] as const;

function library(count: number): Document[] {
  return Array.from(
    { length: count },
    (_, index) =>
      new Document({
        id: `book ${index} {id}*`,
        pageContent: `the text of book ${index}`,
        metadata: {
          genre: GENRES[index % GENRES.length],
          year: 2000 + index,
          nested: { pages: [index, index + 1], note: null },
        },
      }),
  );
}

/**
 * Every operation of `RedisVectorStore` on one engine (`run.engine`) through its public API:
 * writes with ids and a TTL, searches (scores, tag and numeric filters, distance threshold,
 * MMR, retriever), reads by id, replacement, deletes by id, by filter and of everything, and
 * reopening an existing index.
 */
export async function vectorStoreContract(
  connection: ConnectionOptions,
  indexName: string,
  run: ContractRun = {},
): Promise<number> {
  const embeddings = new HashEmbeddings();
  const options = {
    ...connection,
    indexName,
    engine: run.engine ?? 'vector-set',
    metadataSchema: [
      { name: 'genre', type: 'tag' as const },
      { name: 'year', type: 'numeric' as const },
    ],
  };
  const store = new RedisVectorStore(embeddings, options);
  const documents = library(run.entries ?? 12);
  const text = (index: number) => documents[index]?.pageContent ?? '';
  let operations = 0;
  try {
    const ids = await store.addDocuments(documents.slice(0, -2));
    const lastIds = await store.addVectors(
      await embeddings.embedDocuments(documents.slice(-2).map((document) => document.pageContent)),
      documents.slice(-2),
      { ttl: 60 },
    );
    expect([...ids, ...lastIds]).toEqual(documents.map((document) => document.id));
    operations += 2;
    await run.onLoaded?.();

    const [[best, distance] = []] = await store.similaritySearchWithScore(text(3), 1);
    expect(best?.id).toBe(documents[3]?.id);
    expect(best?.metadata).toEqual(documents[3]?.metadata);
    expect(distance).toBeCloseTo(0, 5);
    const tagged = await store.similaritySearch(text(2), 20, tag('genre').eq(GENRES[2]));
    expect(tagged.map((document) => document.metadata.genre)).toEqual(
      documents.filter((document) => document.metadata.genre === GENRES[2]).map(() => GENRES[2]),
    );
    const recent = await store.similaritySearch(text(0), {
      k: 20,
      filter: { year: { $gte: 2005 } },
    });
    expect(recent).toHaveLength(documents.length - 5);
    const near = await store.similaritySearch(text(4), { k: 5, distanceThreshold: 0.01 });
    expect(near.map((document) => document.id)).toEqual([documents[4]?.id]);
    const diverse = await store.maxMarginalRelevanceSearch(text(5), { k: 3, fetchK: 10 });
    expect(diverse).toHaveLength(3);
    const retrieved = await store.asRetriever(2).invoke(text(6));
    expect(retrieved[0]?.id).toBe(documents[6]?.id);
    const read = await store.getByIds([documents[7]?.id ?? '', 'no such id']);
    expect(read.map((document) => document.pageContent)).toEqual([text(7)]);
    operations += 7;

    await store.addDocuments(
      [new Document({ pageContent: 'replaced', metadata: { genre: 'sf' } })],
      {
        ids: [documents[7]?.id ?? ''],
      },
    );
    expect((await store.getByIds([documents[7]?.id ?? '']))[0]?.pageContent).toBe('replaced');
    expect((await store.info()).documents).toBe(documents.length);
    await store.delete({ ids: [documents[0]?.id ?? ''] });
    await store.delete({ filter: tag('genre').eq(GENRES[1]) });
    // Document 7 was replaced by one of another genre; document 0 was deleted by id.
    const dramas = documents.filter(
      (document, index) => document.metadata.genre === GENRES[1] && index !== 7,
    ).length;
    const left = documents.length - 1 - dramas;
    const reopened = await RedisVectorStore.fromExistingIndex(embeddings, options);
    expect((await reopened.info()).documents).toBe(left);
    await reopened.close();
    await store.delete({ deleteAll: true });
    expect((await store.info()).documents).toBe(0);
    operations += 8;
    return operations;
  } finally {
    await store.close();
  }
}
