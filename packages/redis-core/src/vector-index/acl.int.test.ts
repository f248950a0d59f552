import { describeWith, redisTest, withAclUser } from '@x/test-utils';
import { expect } from 'vitest';
import { connectionOf, ENGINES } from '../../test/vector-index-helpers.js';
import { tag } from '../filter/index.js';
import { createVectorIndex } from './create-vector-index.js';

// The minimal ACL the README documents for each engine.
const COMMANDS = {
  'vector-set':
    '+info +command|info +module|list +multi +exec +get +set +del +unlink +scan +hset +hmget +pexpireat +zadd +zrem +zrangebyscore +time +eval +eval_ro +vadd +vrem +vsim +vemb +vinfo +vcard',
  'query-engine':
    '+info +command|info +module|list +multi +exec +del +unlink +scan +hset +hmget +pexpireat +ft.create +ft.search +ft.info +ft.dropindex +ft._list',
} as const;

/**
 * The keys the README's rule opens: the prefix's keys, and for the Query Engine the index name
 * itself, which `FT.*` commands declare as a key (a user without it gets `NOPERM`).
 */
function keyPatterns(engine: (typeof ENGINES)[number], prefix: string): string[] {
  return engine === 'query-engine' ? [`~${prefix}`, `~${prefix}:*`] : [`~${prefix}:*`];
}

for (const engine of ENGINES) {
  describeWith(engine, `the documented minimal ACL (${engine})`, () => {
    redisTest('is enough for every operation of the index', async ({ redis }) => {
      const rules = [...keyPatterns(engine, redis.prefix), ...COMMANDS[engine].split(' ')];
      await withAclUser(redis, rules, async (client) => {
        let now = Date.now() - 60_000;
        const index = createVectorIndex(connectionOf(client), {
          name: redis.prefix,
          engine,
          now: () => now,
          schema: { fields: [{ name: 'genre', type: 'tag' }] },
        });
        try {
          await index.upsert([
            { id: 'a', vector: [1, 0], content: 'a', metadata: { genre: 'x' } },
            { id: 'b', vector: [0, 1], content: 'b', metadata: { genre: 'y' } },
            { id: 'old', vector: [1, 0.1], content: 'old', ttl: 1 },
          ]);
          now = Date.now();
          const results = await index.query({ vector: [1, 0], k: 2, returnVectors: true });
          expect(results.map((result) => result.id)).toEqual(['a', 'b']);
          expect(
            await index.query({ vector: [1, 0], k: 2, filter: tag('genre').eq('y') }),
          ).toHaveLength(1);
          expect((await index.get(['a'], { returnVectors: true }))[0]?.content).toBe('a');
          expect((await index.info()).documents).toBe(2);
          expect(await index.deleteWhere({ genre: 'x' })).toBe(1);
          expect(await index.delete(['b'])).toBe(1);
        } finally {
          await index.drop({ deleteDocuments: true });
        }
      });
    });
  });
}
