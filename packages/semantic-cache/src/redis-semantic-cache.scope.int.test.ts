import { createVectorIndex, InvalidArgumentError, RedisConnection } from '@x/redis-core';
import { describeWith, redisTest } from '@x/test-utils';
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  atDistance,
  cacheFor,
  describeEachEngine,
  keysUnder,
  LLM,
  TableEmbeddings,
} from '../test/test-helpers.js';
import { type CacheScope, resolveScope } from './cache-scope.js';
import { hashParts } from './hashing.js';

/** What a hostile user could put in a scope: query syntax, quotes, braces, separators, Unicode. */
const HOSTILE = [
  'x} | @other:{y',
  '*',
  '"',
  "'",
  '{',
  '}',
  '',
  '\\',
  '",.scope',
  '@scope:{*}',
  '你好',
  '🙂',
];
const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const hostileScope = fc.dictionary(
  fc.oneof(
    fc.constantFrom('tenant', 'user', ...HOSTILE.filter(Boolean)),
    fc.string({ minLength: 1, maxLength: 6 }),
  ),
  hostileText,
  { maxKeys: 3 },
);

describeEachEngine('RedisSemanticCache scopes', (engine) => {
  redisTest(
    'a lookup never returns another scope’s entry, even for the same prompt',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ prompt: atDistance(0) });
      const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
      const acme = cache.withScope({ tenant: 'acme' });
      const acme42 = acme.withScope({ user: '42' });
      const acme7 = acme.withScope({ user: 7 });
      await acme42.update('prompt', LLM, [{ text: 'for acme 42' }]);
      expect((await acme42.lookup('prompt', LLM))?.[0]?.text).toBe('for acme 42');
      expect(await acme7.lookup('prompt', LLM)).toBeNull();
      expect(await acme.lookup('prompt', LLM)).toBeNull();
      expect(await cache.lookup('prompt', LLM)).toBeNull();
      expect(await cache.withScope({ user: '42' }).lookup('prompt', LLM)).toBeNull();
      expect(acme42.scope).toEqual({ tenant: 'acme', user: '42' });
      expect(() => acme42.withScope({ tenant: 'other' })).toThrow(InvalidArgumentError);
      // The same scope, given through the option and in another key order, is the same scope.
      const same = cacheFor(redis, engine, { embeddings, scope: { user: '42', tenant: 'acme' } });
      expect((await same.lookup('prompt', LLM))?.[0]?.text).toBe('for acme 42');
    },
  );

  redisTest(
    'hostile scope values never reach another scope’s entries (property test)',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ prompt: atDistance(0) });
      const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
      const written = new Map<string, CacheScope>();
      let round = 0;
      await fc.assert(
        fc.asyncProperty(hostileScope, hostileScope, async (mine, theirs) => {
          const key = (scope: CacheScope) => JSON.stringify(Object.entries(scope).sort());
          fc.pre(key(mine) !== key(theirs));
          round++;
          const text = `answer ${round}`;
          await cache.withScope(theirs).update('prompt', LLM, [{ text }]);
          written.set(key(theirs), theirs);
          const found = await cache.withScope(mine).lookup('prompt', LLM);
          // Only an entry written under exactly `mine` (in an earlier round) may come back.
          if (found !== null) {
            expect(written.has(key(mine))).toBe(true);
            expect(found[0]?.text).not.toBe(text);
          }
          expect((await cache.withScope(theirs).lookup('prompt', LLM))?.[0]?.text).toBe(text);
        }),
        { numRuns: 60 },
      );
    },
    60_000,
  );

  redisTest('clearing a tenant clears all of its users and nobody else', async ({ redis }) => {
    const embeddings = new TableEmbeddings({ prompt: atDistance(0) });
    const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
    const scopes: CacheScope[] = [
      { tenant: 'acme', user: '1' },
      { tenant: 'acme', user: '2' },
      { tenant: 'acme' },
      { tenant: 'acme-corp', user: '1' },
      { tenant: 'x} | @tenant:{acme' },
      {},
    ];
    for (const scope of scopes) await cache.withScope(scope).update('prompt', LLM, [{ text: 'x' }]);
    expect(await cache.clear({ scope: { tenant: 'acme' } })).toBe(3);
    const left = await Promise.all(
      scopes.map((scope) => cache.withScope(scope).lookup('prompt', LLM)),
    );
    expect(left.map((found) => found !== null)).toEqual([false, false, false, true, true, true]);
    // A scoped cache clears its own scope only, and cannot reach others.
    const corp = cache.withScope({ tenant: 'acme-corp', user: '1' });
    await expect(corp.clear({ scope: { tenant: 'x} | @tenant:{acme' } })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(corp.drop()).rejects.toThrow(InvalidArgumentError);
    expect(await corp.clear()).toBe(1);
    expect(await cache.clear({ scope: { user: '1' } })).toBe(0);
    await expect(cache.clear({ scope: {} })).rejects.toThrow(InvalidArgumentError);
    expect(await cache.clear()).toBe(2);
  });

  redisTest(
    'finds a user’s entry among a thousand other users’ nearer ones',
    async ({ redis }) => {
      // Every user asked nearly the same question; the others' entries lie nearer the new
      // prompt than this user's own, so only a filter applied during the search finds it.
      const embeddings = new TableEmbeddings({ question: atDistance(0), mine: atDistance(0.15) });
      const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
      const others = 1000;
      for (let user = 0; user < others; user++) {
        embeddings.set(
          `other ${user}`,
          atDistance(0.01 + (0.1 * user) / others, ((user % 3) + 1) as 1 | 2 | 3),
        );
      }
      for (let start = 0; start < others; start += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_, offset) =>
            cache
              .withScope({ user: String(start + offset) })
              .update(`other ${start + offset}`, LLM, [{ text: 'theirs' }]),
          ),
        );
      }
      const me = cache.withScope({ user: 'me' });
      await me.update('mine', LLM, [{ text: 'mine' }]);
      expect((await me.lookup('question', LLM))?.[0]?.text).toBe('mine');
    },
    60_000,
  );
});

describeEachEngine('RedisSemanticCache partitions', (engine) => {
  redisTest(
    engine === 'vector-set'
      ? 'each model and scope has a vector set of its own; a clear drops whole partitions'
      : 'one index holds every model and scope; a clear deletes the selected entries',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ question: atDistance(0) });
      const cache = cacheFor(redis, engine, { embeddings, verifiers: [], embeddingsCache: false });
      const other = '{"model":"other"}';
      for (const tenant of ['a', 'b', 'c']) {
        await cache.withScope({ tenant }).update('question', LLM, [{ text: `${tenant}, one` }]);
      }
      await cache.withScope({ tenant: 'a' }).update('question', other, [{ text: 'a, other' }]);
      const vectorSets = async () =>
        (await keysUnder(redis)).filter((key) => key.endsWith(':vectors')).length;
      expect(await cache.info()).toMatchObject({ engine, entries: 4 });
      if (engine === 'vector-set') expect(await vectorSets()).toBe(4);

      expect(await cache.clear({ llmString: other })).toBe(1);
      expect(await cache.clear({ scope: { tenant: 'b' } })).toBe(1);
      expect(await cache.withScope({ tenant: 'a' }).lookup('question', other)).toBeNull();
      expect(await cache.withScope({ tenant: 'b' }).lookup('question', LLM)).toBeNull();
      for (const tenant of ['a', 'c']) {
        expect(await cache.withScope({ tenant }).lookup('question', LLM)).toEqual([
          { text: `${tenant}, one` },
        ]);
      }
      if (engine === 'vector-set') expect(await vectorSets()).toBe(2);
      expect(await cache.info()).toMatchObject({ entries: 2 });
      expect(await cache.clear()).toBe(2);
      expect(await keysUnder(redis)).toEqual([]);
    },
  );
});

describeWith('vector-set', 'RedisSemanticCache entries of the former single-set layout', () => {
  redisTest(
    'are counted by info() and deleted by the clear that selects them',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ question: atDistance(0) });
      const cache = cacheFor(redis, 'vector-set', { embeddings, verifiers: [] });
      // The former layout: one vector set named after the cache, entries tagged by hashes.
      const legacy = createVectorIndex(RedisConnection.from({ client: redis.client }), {
        name: redis.prefix,
        engine: 'vector-set',
        schema: {
          fields: ['llm', 'scope', 'scopeParts', 'format'].map((name) => ({ name, type: 'tag' })),
        },
      });
      const acme = resolveScope({ tenant: 'acme' });
      const other = resolveScope({ tenant: 'other' });
      await legacy.upsert(
        [acme, other].map((scope) => ({
          id: scope.key,
          vector: atDistance(0),
          content: 'question',
          metadata: {
            format: '1',
            llm: hashParts('llm', LLM),
            scope: scope.key,
            scopeParts: [...scope.parts],
          },
        })),
      );
      expect(await cache.info()).toMatchObject({ entries: 2 });
      expect(await cache.clear({ scope: { tenant: 'acme' } })).toBe(1);
      expect(await cache.info()).toMatchObject({ entries: 1 });
      expect(await cache.clear()).toBe(1);
      expect(await keysUnder(redis)).toEqual([]);
    },
  );
});
