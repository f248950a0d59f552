import { Embeddings } from '@langchain/core/embeddings';
import type { VectorEngine } from '@x/redis-core';
import { describeWith, type RedisTestContext, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import type { Corpus, CorpusPassage } from './corpus.js';
import { openKnowledgeBase } from './knowledge-base.js';

const passage = (id: string, pkg: string, text: string): CorpusPassage => ({
  id,
  text,
  metadata: { package: pkg, section: id },
});

const corpus: Corpus = {
  version: 'test-1',
  passages: [
    passage('error-code', 'redis-core', 'RedisOperationError with reason ERR_ZX7781 on a write.'),
    passage('decoy', 'redis-core', 'How a connection is shared between the packages.'),
    passage('other', 'llm-cache', 'The exact cache keys each prompt and model.'),
    passage('other-code', 'llm-cache', 'The cache logs ERR_ZX7781 too, on a lookup.'),
  ],
};

/**
 * An embedding model that understands nothing: every question lands on the decoy passage and
 * the passages naming the error code lie the farthest, so that meaning alone ranks them last
 * (the decoy at distance 0, `other` at 0.4, the error code's passages at 1).
 */
class MisleadingEmbeddings extends Embeddings {
  constructor() {
    super({});
  }
  #vector(text: string): number[] {
    if (text.includes('ERR_ZX7781') && !text.includes('?')) return [0, 0, 1];
    return text.startsWith('How a connection') || text.includes('?') ? [1, 0, 0] : [0.6, 0.8, 0];
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.#vector(text));
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.#vector(text);
  }
}

const open = (
  redis: RedisTestContext,
  engine: VectorEngine,
  log: (line: string) => void = () => {},
) =>
  openKnowledgeBase({
    client: redis.client,
    embeddings: new MisleadingEmbeddings(),
    indexName: redis.prefix,
    corpus,
    engine,
    log,
  });

const question = 'What does ERR_ZX7781 mean?';

describeWith('query-engine', 'the knowledge base on the Query Engine', () => {
  redisTest('finds passages by their words as well as their meaning', async ({ redis }) => {
    const retrieval = await open(redis, 'query-engine');
    try {
      expect(await retrieval.info()).toMatchObject({ engine: 'query-engine', search: 'hybrid' });
      const found = await retrieval.search(question, { k: 2 });
      expect(found.map((p) => p.id).sort()).toEqual(['error-code', 'other-code']);
      expect(found[0]?.distance).toBeCloseTo(1, 5);
      const filtered = await retrieval.search(question, { k: 1, package: 'llm-cache' });
      expect(filtered.map((p) => p.id)).toEqual(['other-code']);
    } finally {
      await retrieval.close();
    }
  });
});

describeWith('query-engine', 'the knowledge base on an index of an earlier demo', () => {
  redisTest(
    'indexes again an index without full text, then searches it by words',
    async ({ redis }) => {
      const name = redis.prefix;
      await (await open(redis, 'query-engine')).close();
      // The index as the demo made it before hybrid search: the same documents, no TEXT field.
      await redis.client.sendCommand(['FT.DROPINDEX', name]);
      await redis.client.sendCommand(
        `FT.CREATE ${name} ON HASH PREFIX 1 ${name}:doc: STOPWORDS 0 SCHEMA vector VECTOR HNSW 12 TYPE FLOAT32 DIM 3 DISTANCE_METRIC COSINE M 16 EF_CONSTRUCTION 200 EF_RUNTIME 100 package TAG SEPARATOR ,`.split(
          ' ',
        ),
      );
      // The server indexes the documents it holds in the background: all of them, first.
      await expect
        .poll(async () => {
          // RESP2: a flat list of names and values; RESP3: a map.
          const info: unknown = await redis.client.sendCommand(['FT.INFO', name]);
          if (Array.isArray(info)) return Number(info[info.indexOf('num_docs') + 1]);
          if (info instanceof Map) return Number(info.get('num_docs'));
          return Number((info as Record<string, unknown>).num_docs);
        })
        .toBe(corpus.passages.length);
      const lines: string[] = [];
      const retrieval = await open(redis, 'query-engine', (line) => lines.push(line));
      try {
        expect(lines.join('\n')).toMatch(
          /has no full text \(made by an earlier version\): indexing again/,
        );
        const found = await retrieval.search(question, { k: 2 });
        expect(found.map((p) => p.id).sort()).toEqual(['error-code', 'other-code']);
        expect(await retrieval.info()).toMatchObject({ documents: corpus.passages.length });
      } finally {
        await retrieval.close();
      }
    },
  );
});

describeWith('vector-set', 'the knowledge base on vector sets', () => {
  redisTest('finds passages by meaning alone, and says so', async ({ redis }) => {
    const retrieval = await open(redis, 'vector-set');
    try {
      expect(await retrieval.info()).toMatchObject({ engine: 'vector-set', search: 'similarity' });
      const found = await retrieval.search(question, { k: 2 });
      expect(found.map((p) => p.id)).toEqual(['decoy', 'other']);
    } finally {
      await retrieval.close();
    }
  });
});
