import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { RedisChatMessageHistory } from '@x/chat-history';
import { RedisCache } from '@x/llm-cache';
import type { RedisStoreError } from '@x/redis-core';
import { RedisSemanticCache } from '@x/semantic-cache';
import { describeWith, redisTest } from '@x/test-utils';
import { RedisVectorStore } from '@x/vectorstore';
import { describe, expect } from 'vitest';
import { recordFigures } from './figures.js';
import { HashEmbeddings } from './hash-embeddings.js';
import {
  mismatchedDocuments,
  mismatchedQueryEngineDocuments,
  readQueryEngineIndex,
  readVectorSetIndex,
} from './vector-set-layout.js';

const MODEL = '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"m"}}';
const WRITERS = 50;
const BATCHES = 20;
const CACHE_CALLS = 1000;
const SAME_KEY_WRITERS = 100;

/** A cache seen as update and lookup of text answers. */
interface TextCache {
  update(prompt: string, text: string): Promise<void>;
  lookup(prompt: string): Promise<string | null>;
}

/**
 * 1,000 updates of distinct prompts at once with 1,000 lookups racing them (a lookup may miss
 * but never return another prompt's answer), then 1,000 lookups that must all hit, then 100
 * updates of one prompt at once: one of them wins whole.
 */
async function cacheStorm(name: string, cache: TextCache, errors: RedisStoreError[]) {
  const prompts = Array.from({ length: CACHE_CALLS }, (_, index) => `question ${index}?`);
  const answer = (prompt: string) => `answer to ${prompt}`;
  const racing = await Promise.all([
    ...prompts.map((prompt) => cache.update(prompt, answer(prompt)).then(() => undefined)),
    ...prompts.map(async (prompt) => {
      const found = await cache.lookup(prompt);
      expect([null, answer(prompt)]).toContain(found);
      return found;
    }),
  ]);
  const racedHits = racing.filter((found) => typeof found === 'string').length;
  const found = await Promise.all(prompts.map((prompt) => cache.lookup(prompt)));
  const lost = found.filter((text, index) => text !== answer(prompts[index] ?? '')).length;
  const contenders = Array.from({ length: SAME_KEY_WRITERS }, (_, index) => `winner ${index}`);
  await Promise.all(contenders.map((text) => cache.update('the same question', text)));
  expect(contenders).toContain(await cache.lookup('the same question'));
  expect(errors).toEqual([]);
  const attempted = 3 * CACHE_CALLS + SAME_KEY_WRITERS + 1;
  recordFigures('concurrency', `${name}: ${CACHE_CALLS} updates racing ${CACHE_CALLS} lookups`, {
    attempted,
    succeeded: attempted,
    failedAsExpected: 0,
    expectedFailure: '',
    lost,
    detail: `${racedHits} racing lookups already hit, the rest missed, none returned another prompt's answer; then ${CACHE_CALLS} lookups all hit; ${SAME_KEY_WRITERS} concurrent updates of one prompt left exactly one of them, whole`,
  });
  expect(lost).toBe(0);
}

// On the run's own server, not on a spawned one: the caches and the history on any Redis, the
// vector packages once per engine the server offers.
describe('concurrency', () => {
  redisTest(
    `chat-history: ${WRITERS} writers on one session lose nothing and keep batches whole`,
    async ({ redis }) => {
      const writers = Array.from(
        { length: WRITERS },
        (_, writer) =>
          new RedisChatMessageHistory({
            url: redis.url,
            prefix: redis.prefix,
            sessionId: 'shared',
            // Half append with a plain RPUSH, half with a MULTI (RPUSH, LTRIM, PEXPIRE).
            ...(writer % 2 ? { ttl: 3600, maxMessages: 100_000 } : {}),
          }),
      );
      const reader = new RedisChatMessageHistory({
        client: redis.client,
        prefix: redis.prefix,
        sessionId: 'shared',
      });
      let reads = 0;
      let writing = true;
      const readLoop = (async () => {
        while (writing) {
          // The newest three messages are always one whole batch.
          const last = (await reader.getLastMessages(3)).map((message) => String(message.content));
          if (last.length > 0) expect(new Set(last.map((text) => text.split('.')[0])).size).toBe(1);
          reads++;
        }
      })();
      try {
        await Promise.all(
          writers.map(async (history, writer) => {
            for (let batch = 0; batch < BATCHES; batch++) {
              const id = `${writer}:${batch}`;
              await history.addMessages([
                new HumanMessage(`${id}.q`),
                new AIMessage(`${id}.a`),
                new AIMessage(`${id}.b`),
              ]);
            }
          }),
        );
      } finally {
        writing = false;
        await readLoop;
        await Promise.all(writers.map((history) => history.close()));
      }
      const stored = (await reader.getMessages()).map((message) => String(message.content));
      expect(new Set(stored).size).toBe(stored.length);
      const batches = new Map<string, number[]>();
      for (let index = 0; index < stored.length; index += 3) {
        const id = (stored[index] ?? '').split('.')[0] ?? '';
        expect(stored.slice(index, index + 3)).toEqual([`${id}.q`, `${id}.a`, `${id}.b`]);
        const [writer = '', batch = ''] = id.split(':');
        batches.set(writer, [...(batches.get(writer) ?? []), Number(batch)]);
      }
      for (let writer = 0; writer < WRITERS; writer++) {
        expect(batches.get(String(writer))).toEqual(
          Array.from({ length: BATCHES }, (_, index) => index),
        );
      }
      const lost = WRITERS * BATCHES * 3 - stored.length;
      recordFigures('concurrency', `chat-history: ${WRITERS} writers on one session`, {
        attempted: WRITERS * BATCHES + reads,
        succeeded: WRITERS * BATCHES + reads,
        failedAsExpected: 0,
        expectedFailure: '',
        lost,
        detail: `${WRITERS * BATCHES} batches of 3 messages (half plain RPUSH, half MULTI) on ${WRITERS} connections; ${stored.length} messages stored, every batch whole and in its writer's order, 0 duplicates; ${reads} concurrent reads saw whole batches only`,
      });
      expect(lost).toBe(0);
    },
  );

  redisTest(`llm-cache: ${CACHE_CALLS} concurrent updates and lookups`, async ({ redis }) => {
    const errors: RedisStoreError[] = [];
    const cache = new RedisCache({
      client: redis.client,
      prefix: redis.prefix,
      timeoutMs: 30_000,
      onError: (error) => errors.push(error),
    });
    await cacheStorm(
      'llm-cache',
      {
        update: (prompt, text) => cache.update(prompt, MODEL, [{ text }]),
        lookup: async (prompt) => (await cache.lookup(prompt, MODEL))?.[0]?.text ?? null,
      },
      errors,
    );
  });
});

for (const engine of ['vector-set', 'query-engine'] as const) {
  describeWith(engine, `concurrency (${engine})`, () => {
    redisTest(
      `semantic-cache (${engine}): ${CACHE_CALLS} concurrent updates and lookups`,
      async ({ redis }) => {
        const errors: RedisStoreError[] = [];
        const cache = new RedisSemanticCache({
          client: redis.client,
          name: redis.prefix,
          engine,
          embeddings: new HashEmbeddings(),
          timeoutMs: 60_000,
          onError: (error) => errors.push(error),
        });
        try {
          await cacheStorm(
            `semantic-cache (${engine})`,
            {
              update: (prompt, text) => cache.update(prompt, MODEL, [{ text }]),
              lookup: async (prompt) => (await cache.lookup(prompt, MODEL))?.[0]?.text ?? null,
            },
            errors,
          );
          expect((await cache.info()).entries).toBe(CACHE_CALLS + 1);
        } finally {
          await cache.drop();
        }
      },
    );

    redisTest(
      `vectorstore (${engine}): concurrent upserts of the same ids leave one whole document per id`,
      async ({ redis }) => {
        const embeddings = new HashEmbeddings();
        const store = new RedisVectorStore(embeddings, {
          client: redis.client,
          indexName: redis.prefix,
          engine,
          metadataSchema: [{ name: 'writer', type: 'tag' }],
        });
        const writers = 20;
        const ids = Array.from({ length: 50 }, (_, index) => `doc ${index}`);
        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            for (let start = 0; start < ids.length; start += 10) {
              const batch = ids.slice(start, start + 10);
              await store.addDocuments(
                batch.map((id) => ({
                  pageContent: `${id} by writer ${writer}`,
                  metadata: { writer },
                })),
                { ids: batch },
              );
            }
          }),
        );
        let contents: Awaited<ReturnType<typeof readVectorSetIndex>>;
        let mismatched: string[];
        if (engine === 'vector-set') {
          contents = await readVectorSetIndex(redis.client, redis.prefix);
          mismatched = await mismatchedDocuments(redis.client, redis.prefix, contents, embeddings);
        } else {
          const read = await readQueryEngineIndex(redis.client, redis.prefix);
          contents = read;
          mismatched = mismatchedQueryEngineDocuments(read, embeddings);
        }
        expect(mismatched).toEqual([]);
        expect([...contents.elements].sort()).toEqual([...ids].sort());
        const read = await store.getByIds(ids);
        for (const [index, document] of read.entries()) {
          expect(document.pageContent).toBe(`${ids[index]} by writer ${document.metadata.writer}`);
          const [nearest] = await store.similaritySearch(document.pageContent, 1, {
            writer: String(document.metadata.writer),
          });
          expect(nearest?.id).toBe(ids[index]);
        }
        recordFigures(
          'concurrency',
          `vectorstore (${engine}): 20 writers upserting the same 50 ids`,
          {
            attempted: writers * ids.length,
            succeeded: writers * ids.length,
            failedAsExpected: 0,
            expectedFailure: '',
            lost: ids.length - read.length,
            detail: `${writers * (ids.length / 10)} concurrent addDocuments of 10; ${contents.elements.size} ${engine === 'vector-set' ? 'elements' : 'vectors'} and ${contents.contents.size} hashes afterwards, each document's content, metadata and vector from one writer (${mismatched.length} mixed); each found by its own content`,
          },
        );
        expect(read).toHaveLength(ids.length);
        await store.delete({ deleteAll: true });
      },
    );
  });
}
