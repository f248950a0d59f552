import { InMemoryStore } from '@langchain/langgraph-checkpoint';
import { InvalidArgumentError } from '@x/redis-core';
import { redisTest, seededRandom } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { RedisStore } from './redis-store.js';

const NAMESPACES = [
  ['a'],
  ['a', 'b'],
  ['a', 'c'],
  ['b'],
  ['a', 'b', 'c'],
  ['users', '42', 'facts'],
];
const KEYS = ['k1', 'k2', 'k3'];

type Entry = { namespace: string[]; key: string; value: unknown };
const sorted = (items: Entry[]) =>
  items
    .map(({ namespace, key, value }) => ({ namespace, key, value }))
    .sort((a, b) =>
      JSON.stringify([a.namespace, a.key]).localeCompare(JSON.stringify([b.namespace, b.key])),
    );

describe('RedisStore', () => {
  redisTest(
    "answers as LangGraph's InMemoryStore does, over random puts and deletes",
    async ({ redis }) => {
      for (let round = 0; round < 12; round++) {
        const random = seededRandom(20261206 + round);
        const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
        const ours = new RedisStore({ client: redis.client, prefix: `${redis.prefix}:r${round}` });
        const memory = new InMemoryStore();
        for (let step = 0; step < 40; step++) {
          const namespace = pick(NAMESPACES);
          const key = pick(KEYS);
          if (random() < 0.2) {
            await ours.delete(namespace, key);
            await memory.delete(namespace, key);
          } else {
            const value = { n: Math.floor(random() * 4), tag: pick(['x', 'y']), at: step };
            await ours.put(namespace, key, value);
            await memory.put(namespace, key, value);
          }
        }
        for (const namespace of NAMESPACES) {
          for (const key of KEYS) {
            expect((await ours.get(namespace, key))?.value).toEqual(
              (await memory.get(namespace, key))?.value,
            );
          }
        }
        for (const prefix of [[], ['a'], ['a', 'b'], ['users'], ['nothing']]) {
          for (const filter of [
            undefined,
            { tag: 'x' },
            { n: { $gte: 2 } },
            { n: { $in: [0, 3] }, tag: { $ne: 'y' } },
          ]) {
            const options = { limit: 100, ...(filter ? { filter } : {}) };
            const expected = sorted(await memory.search(prefix, options));
            expect(sorted(await ours.search(prefix, options))).toEqual(expected);
            const page = await ours.search(prefix, { ...options, limit: 2, offset: 1 });
            expect(page).toHaveLength(Math.min(2, Math.max(0, expected.length - 1)));
          }
        }
        // LangGraph's InMemoryStore keeps listing a namespace whose items were all deleted; a
        // namespace here is listed while it holds an item (as LangGraph's Postgres store does).
        const holding = [];
        for (const namespace of await memory.listNamespaces({ limit: 100 })) {
          if (
            (await memory.search(namespace, { limit: 100 })).some(
              (item) => item.namespace.join() === namespace.join(),
            )
          ) {
            holding.push(namespace);
          }
        }
        expect(await ours.listNamespaces({ limit: 100 })).toEqual(holding);
        const inA = holding.filter((namespace) => namespace[0] === 'a');
        expect(await ours.listNamespaces({ prefix: ['a'], limit: 100 })).toEqual(inA);
        expect(await ours.listNamespaces({ suffix: ['*', 'c'], limit: 100 })).toEqual(
          holding.filter((namespace) => namespace.length >= 2 && namespace.at(-1) === 'c'),
        );
        const depthOne = [...new Set(holding.map((namespace) => namespace[0] as string))].sort();
        expect(await ours.listNamespaces({ maxDepth: 1, limit: 100 })).toEqual(
          depthOne.map((label) => [label]),
        );
        await ours.close();
      }
    },
  );

  redisTest('keeps createdAt, moves updatedAt, and searches newest first', async ({ redis }) => {
    const store = new RedisStore({ client: redis.client, prefix: redis.prefix });
    await store.put(['memories'], 'first', { text: 'likes tea' });
    const created = await store.get(['memories'], 'first');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.put(['memories'], 'second', { text: 'lives in Lisbon' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.put(['memories'], 'first', { text: 'likes green tea' });
    const updated = await store.get(['memories'], 'first');
    expect(updated?.value).toEqual({ text: 'likes green tea' });
    expect(updated?.createdAt).toEqual(created?.createdAt);
    expect(updated?.updatedAt.getTime()).toBeGreaterThan(created?.updatedAt.getTime() ?? Infinity);
    expect((await store.search(['memories'])).map((item) => item.key)).toEqual(['first', 'second']);
  });

  redisTest(
    'keeps hostile item keys apart and refuses what LangGraph refuses',
    async ({ redis }) => {
      const store = new RedisStore({ client: redis.client, prefix: redis.prefix });
      const keys = ['*', '{a}', 'a:b', 'a', 'A', '', 'é', '👩‍💻', '%2A', ' '];
      for (const key of keys) await store.put(['users', '1'], key, { key });
      for (const key of keys)
        expect((await store.get(['users', '1'], key))?.value).toEqual({ key });
      await store.delete(['users', '1'], '*');
      expect(await store.get(['users', '1'], '*')).toBeNull();
      expect(await store.search(['users'], { limit: 100 })).toHaveLength(keys.length - 1);
      await expect(store.put(['a.b'], 'k', {})).rejects.toThrow(/periods/);
      await expect(store.put([], 'k', {})).rejects.toThrow(/empty/);
      await expect(store.put(['a'], 'k', [] as never)).rejects.toThrow(InvalidArgumentError);
      await expect(store.search(['a'], { limit: -1 })).rejects.toThrow(InvalidArgumentError);
      // The registry, the namespace's index, and one hash per item left.
      expect(await redis.client.keys(`${redis.prefix}:*`)).toHaveLength(2 + keys.length - 1);
    },
  );
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisStore ttl', () => {
  redisTest(
    'an item expires ttl after its last write, and its namespace with its last item',
    async ({ redis }) => {
      const store = new RedisStore({ client: redis.client, prefix: redis.prefix, ttl: 1 });
      await store.put(['m'], 'a', { text: 'first' });
      await sleep(600);
      await store.put(['m'], 'b', { text: 'second' });
      await sleep(600);
      expect(await store.get(['m'], 'a')).toBeNull();
      expect((await store.get(['m'], 'b'))?.value).toEqual({ text: 'second' });
      expect((await store.search(['m'])).map((item) => item.key)).toEqual(['b']);
      expect(await store.listNamespaces()).toEqual([['m']]);
      await sleep(600);
      expect(await store.get(['m'], 'b')).toBeNull();
      expect(await store.search(['m'])).toEqual([]);
      expect(await store.listNamespaces()).toEqual([]);
      // Only the registry of namespace paths is left.
      expect(await redis.client.keys(`${redis.prefix}:*`)).toEqual([`${redis.prefix}:namespaces`]);
    },
  );

  redisTest('refreshTtlOnRead: a get or a search gives an item ttl again', async ({ redis }) => {
    const store = new RedisStore({
      client: redis.client,
      prefix: redis.prefix,
      ttl: 1,
      refreshTtlOnRead: true,
    });
    await store.put(['m'], 'read', { n: 1 });
    await store.put(['m'], 'unread', { n: 2 });
    for (let round = 0; round < 4; round++) {
      await sleep(400);
      expect((await store.get(['m'], 'read'))?.value).toEqual({ n: 1 });
    }
    expect(await store.get(['m'], 'unread')).toBeNull();
    expect((await store.search(['m'])).map((item) => item.key)).toEqual(['read']);
    await sleep(1200);
    expect(await store.get(['m'], 'read')).toBeNull();
    expect(await store.listNamespaces()).toEqual([]);
  });

  redisTest('a write forgets from its namespace the items that expired', async ({ redis }) => {
    const store = new RedisStore({ client: redis.client, prefix: redis.prefix, ttl: 0.3 });
    await store.put(['m'], 'old', { n: 1 });
    await sleep(700);
    await store.put(['m'], 'new', { n: 2 });
    const listed = await redis.client.zRange(`${redis.prefix}:items:{m}`, 0, -1);
    expect(listed).toEqual(['new']);
  });

  redisTest('refuses a bad ttl, and refresh without ttl or with index', async ({ redis }) => {
    const make = (options: object) =>
      new RedisStore({ client: redis.client, prefix: redis.prefix, ...options });
    expect(() => make({ ttl: 0 })).toThrow(InvalidArgumentError);
    expect(() => make({ ttl: -1 })).toThrow(InvalidArgumentError);
    expect(() => make({ refreshTtlOnRead: true })).toThrow(/needs `ttl`/);
    expect(() => make({ ttl: 1, refreshTtlOnRead: 'yes' })).toThrow(InvalidArgumentError);
    const embeddings = { embedQuery: async () => [1], embedDocuments: async () => [[1]] };
    expect(() => make({ ttl: 1, refreshTtlOnRead: true, index: { dims: 1, embeddings } })).toThrow(
      /cannot be used with `index`/,
    );
  });
});
