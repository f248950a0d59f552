import { Embeddings } from '@langchain/core/embeddings';
import { InMemoryStore, type SearchItem } from '@langchain/langgraph-checkpoint';
import { OFFLINE_EMBEDDINGS_DIMENSION, OfflineEmbeddings } from '@x/offline-embeddings';
import {
  cosineDistance,
  DimensionMismatchError,
  InvalidArgumentError,
  InvalidKeyError,
  SerializationError,
  type VectorEngine,
} from '@x/redis-core';
import { describeWith, GATE, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { RedisStore } from './redis-store.js';

const embeddings = new OfflineEmbeddings();
const dims = OFFLINE_EMBEDDINGS_DIMENSION;

const MEMORIES: [string[], string, Record<string, unknown>][] = [
  [['memories', 'ada'], 'm1', { text: 'Ada prefers green tea in the morning', kind: 'food', n: 1 }],
  [
    ['memories', 'ada'],
    'm2',
    { text: 'Ada works as a backend engineer in Lisbon', kind: 'work', n: 2 },
  ],
  [['memories', 'ada'], 'm3', { text: 'Ada is allergic to peanuts', kind: 'food', n: 3 }],
  [['memories', 'ada'], 'm4', { text: 'Ada plays the cello on weekends', kind: 'hobby', n: 4 }],
  [['memories', 'bob'], 'm1', { text: 'Bob drinks black coffee all day', kind: 'food', n: 1 }],
  [
    ['memories', 'bob'],
    'm2',
    { text: 'Bob is learning to sail a small boat', kind: 'hobby', n: 2 },
  ],
  [
    ['memories', 'bob', 'work'],
    'm3',
    { text: 'Bob manages the payments team', kind: 'work', n: 3 },
  ],
  [
    ['docs'],
    'd1',
    {
      text: 'Redis keeps vectors in memory',
      chapters: [{ content: 'graphs of nearest neighbours' }, { content: 'quantization to bytes' }],
      kind: 'doc',
      n: 5,
    },
  ],
];
const QUERIES = ['what does she drink', 'food allergies', 'her job', 'music', 'boats', 'indexes'];

/** What a comparison needs: where each item is, in order, and its score. */
const ranked = (items: SearchItem[]) =>
  items.map(({ namespace, key, score }) => ({ at: [...namespace, key].join('/'), score }));

function expectSameRanking(ours: SearchItem[], theirs: SearchItem[]): void {
  expect(ranked(ours).map(({ at }) => at)).toEqual(ranked(theirs).map(({ at }) => at));
  ours.forEach((item, position) => {
    const expected = theirs[position]?.score;
    if (expected === undefined) expect(item.score).toBeUndefined();
    else expect(item.score).toBeCloseTo(expected, 4);
  });
}

/** Embeddings that fail: a put must then write nothing. */
class FailingEmbeddings extends Embeddings {
  constructor() {
    super({ maxRetries: 0 });
  }
  async embedDocuments(): Promise<number[][]> {
    throw new Error('the embedding service is down');
  }
  async embedQuery(): Promise<number[]> {
    throw new Error('the embedding service is down');
  }
}

function semanticSuite(engine: VectorEngine): void {
  const storeOn = (redis: { client: never; prefix: string }, fields?: string[]) =>
    new RedisStore({
      client: redis.client,
      prefix: redis.prefix,
      index: { dims, embeddings, engine, ...(fields ? { fields } : {}) },
    });

  for (const fields of [undefined, ['text', 'chapters[*].content']]) {
    redisTest(
      `ranks as LangGraph's InMemoryStore does, with its scores (fields: ${fields ?? 'the whole value'})`,
      async ({ redis }) => {
        const ours = storeOn(redis as never, fields);
        const memory = new InMemoryStore({
          index: { dims, embeddings, ...(fields ? { fields } : {}) },
        });
        for (const [namespace, key, value] of MEMORIES) {
          await ours.put(namespace, key, value);
          await memory.put(namespace, key, value);
        }
        for (const prefix of [
          [],
          ['memories'],
          ['memories', 'ada'],
          ['memories', 'bob'],
          ['docs'],
        ]) {
          for (const filter of [undefined, { kind: 'food' }, { n: { $gte: 2 } }]) {
            for (const query of QUERIES) {
              for (const page of [{ limit: 3 }, { limit: 3, offset: 2 }, { limit: 20 }]) {
                const options = { query, ...page, ...(filter ? { filter } : {}) };
                expectSameRanking(
                  await ours.search(prefix, options),
                  await memory.search(prefix, options),
                );
              }
            }
          }
        }
      },
    );
  }

  redisTest("never returns another user's memory, even one nearer the query", async ({ redis }) => {
    const store = storeOn(redis as never);
    await store.put(['memories', 'ada'], 'tea', { text: 'Ada prefers green tea' });
    // The exact text of the query, under another user, and under a label `*`.
    await store.put(['memories', 'bob'], 'same', { text: 'what does she drink' });
    await store.put(['memories', '*'], 'same', { text: 'what does she drink' });
    const found = await store.search(['memories', 'ada'], { query: 'what does she drink' });
    expect(found.map((item) => item.namespace)).toEqual([['memories', 'ada']]);
    const starred = await store.search(['memories', '*'], { query: 'what does she drink' });
    expect(starred.map((item) => item.namespace)).toEqual([['memories', '*']]);
  });

  redisTest(
    'scores an item by the text it holds now, and forgets a deleted one',
    async ({ redis }) => {
      const store = storeOn(redis as never, ['text']);
      const namespace = ['memories', 'ada'];
      await store.put(namespace, 'drink', { text: 'Ada drinks green tea' });
      await store.put(namespace, 'city', { text: 'Ada lives in Lisbon' });
      await store.put(namespace, 'drink', { text: 'Ada switched to espresso' });
      const [query] = await embeddings.embedDocuments(['espresso']);
      const [now] = await embeddings.embedDocuments(['Ada switched to espresso']);
      const found = await store.search(namespace, { query: 'espresso', limit: 1 });
      expect(found[0]?.key).toBe('drink');
      expect(found[0]?.score).toBeCloseTo(
        1 - cosineDistance(query as number[], now as number[]),
        4,
      );
      await store.delete(namespace, 'drink');
      const after = await store.search(namespace, { query: 'espresso' });
      expect(after.map((item) => item.key)).toEqual(['city']);
      // The deleted item's vector went with it: one vector is left in the index.
      expect(await redis.client.keys(`${redis.prefix}:vectors*doc*`)).toHaveLength(1);
    },
  );

  redisTest(
    'puts items without vectors (index: false, no text) after the scored ones, unscored',
    async ({ redis }) => {
      const store = storeOn(redis as never, ['text']);
      const namespace = ['notes'];
      await store.put(namespace, 'plain', { text: 'a note about sailing' }, false);
      await store.put(namespace, 'other', { title: 'no text field' });
      await store.put(namespace, 'boat', { text: 'sailing boats and harbours' });
      await store.put(namespace, 'own', { title: 'sailing lessons' }, ['title']);
      const found = await store.search(namespace, { query: 'sailing', limit: 10 });
      expect(
        found
          .slice(0, 2)
          .map((item) => item.key)
          .sort(),
      ).toEqual(['boat', 'own']);
      expect(found.slice(0, 2).every((item) => typeof item.score === 'number')).toBe(true);
      // Then the others, newest first, unscored; and pages go on past the scored ones.
      expect(found.slice(2).map((item) => [item.key, item.score])).toEqual([
        ['other', undefined],
        ['plain', undefined],
      ]);
      const page = await store.search(namespace, { query: 'sailing', limit: 2, offset: 1 });
      expect(page.map((item) => item.key)).toEqual([found[1]?.key, 'other']);
    },
  );

  redisTest(
    'never scores an item by text it no longer holds (rewritten by a store without index)',
    async ({ redis }) => {
      const indexed = storeOn(redis as never, ['text']);
      const plain = new RedisStore({ client: redis.client, prefix: redis.prefix });
      await indexed.put(['m'], 'k', { text: 'green tea' });
      await plain.put(['m'], 'k', { text: 'the stock market' });
      const found = await indexed.search(['m'], { query: 'green tea' });
      expect(found.map((item) => [item.value, item.score])).toEqual([
        [{ text: 'the stock market' }, undefined],
      ]);
    },
  );

  redisTest(
    'writes nothing when the model fails or returns vectors of another size',
    async ({ redis }) => {
      const store = storeOn(redis as never, ['text']);
      await store.put(['m'], 'k', { text: 'kept' });
      const failing = new RedisStore({
        client: redis.client,
        prefix: redis.prefix,
        index: { dims, embeddings: new FailingEmbeddings(), engine, fields: ['text'] },
      });
      await expect(failing.put(['m'], 'k', { text: 'lost' })).rejects.toThrow(/down/);
      const wrongSize = new RedisStore({
        client: redis.client,
        prefix: redis.prefix,
        index: { dims: 8, embeddings, engine, fields: ['text'] },
      });
      await expect(wrongSize.put(['m'], 'k', { text: 'lost' })).rejects.toThrow(
        DimensionMismatchError,
      );
      expect((await store.get(['m'], 'k'))?.value).toEqual({ text: 'kept' });
      expect((await store.search(['m'], { query: 'kept' }))[0]?.score).toBeGreaterThan(0.99);
    },
  );

  redisTest("two stores writing one item never delete each other's vectors", async ({ redis }) => {
    const first = storeOn(redis as never, ['text']);
    const second = storeOn(redis as never, ['text']);
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        first.put(['m'], 'k', { text: `espresso, round ${round}` }),
        second.put(['m'], 'k', { text: `green tea, round ${round}` }),
        first.delete(['m'], 'other'),
        second.put(['m'], 'other', { text: `a cello, round ${round}` }),
      ]);
      // Whichever write won, the item is scored by the text it holds.
      const item = await first.get(['m'], 'k');
      const [found] = await first.search(['m'], { query: String(item?.value.text), limit: 1 });
      expect(found?.key).toBe('k');
      expect(found?.score).toBeGreaterThan(0.99);
    }
  });

  redisTest(
    'a batch with a value that is not JSON writes nothing of the batch',
    async ({ redis }) => {
      const store = storeOn(redis as never, ['text']);
      const circular: Record<string, unknown> = { text: 'loop' };
      circular.self = circular;
      await expect(
        store.batch([
          { namespace: ['m'], key: 'a', value: { text: 'first' } },
          { namespace: ['m'], key: 'b', value: circular },
        ]),
      ).rejects.toThrow(SerializationError);
      await expect(
        store.batch([
          { namespace: ['m'], key: 'a', value: { text: 'first' } },
          { namespace: ['m'], key: '"'.repeat(2_000), value: { text: 'too long a key' } },
        ]),
      ).rejects.toThrow(InvalidKeyError);
      expect(await redis.client.keys(`${redis.prefix}:*`)).toEqual([]);
    },
  );

  redisTest('with ttl, an item and its vectors expire together', async ({ redis }) => {
    const store = new RedisStore({
      client: redis.client,
      prefix: redis.prefix,
      ttl: 1,
      index: { dims, embeddings, engine, fields: ['text'] },
    });
    await store.put(['m'], 'k', { text: 'green tea' });
    expect((await store.search(['m'], { query: 'tea' }))[0]?.key).toBe('k');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await store.search(['m'], { query: 'tea' })).toEqual([]);
    expect(await redis.client.keys(`${redis.prefix}:vectors*doc*`)).toEqual([]);
  });

  redisTest('refuses a bad index option at once', async ({ redis }) => {
    const make = (index: unknown) =>
      new RedisStore({ client: redis.client, prefix: redis.prefix, index: index as never });
    expect(() => make({ dims: 0, embeddings })).toThrow(InvalidArgumentError);
    expect(() => make({ dims: 3 })).toThrow(InvalidArgumentError);
    expect(() => make({ dims: 3, embeddings, fields: [''] })).toThrow(InvalidArgumentError);
    const store = storeOn(redis as never);
    await expect(store.put(['m'], 'k', { a: 1 }, [1] as never)).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(store.search(['m'], { query: 5 as never })).rejects.toThrow(InvalidArgumentError);
  });
}

describeWith(GATE.vectorSet, 'RedisStore semantic search (vector-set)', () =>
  semanticSuite('vector-set'),
);
describeWith(GATE.queryEngine, 'RedisStore semantic search (query-engine)', () =>
  semanticSuite('query-engine'),
);
