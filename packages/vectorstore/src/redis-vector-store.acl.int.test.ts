import { Document } from '@langchain/core/documents';
import type { VectorEngine } from '@x/redis-core';
import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { corpus } from '../test/test-corpus.js';
import { ENGINES, HashedEmbeddings } from '../test/test-helpers.js';
import { RedisVectorStore } from './index.js';

/** The ACL rules the README gives, for an index whose prefix is `prefix`. */
function readmeAclRules(engine: VectorEngine, prefix: string): string[] {
  const common = ['+multi', '+exec', '+info', '+command|info', '+module|list', '+client|setinfo'];
  const commands =
    engine === 'vector-set'
      ? [
          ...['+vadd', '+vsim', '+vemb', '+vrem', '+vcard', '+vinfo'],
          ...['+hset', '+hmget', '+del', '+unlink', '+pexpireat', '+get', '+set'],
          ...['+zadd', '+zrem', '+zrangebyscore', '+time', '+eval', '+eval_ro', '+scan'],
        ]
      : [
          ...['+ft.create', '+ft.info', '+ft._list', '+ft.search', '+ft.dropindex'],
          ...['+hset', '+hmget', '+del', '+pexpireat'],
        ];
  // The Query Engine's FT.* commands declare the index name as a key: it needs a pattern too.
  const keys = engine === 'vector-set' ? [`~${prefix}:*`] : [`~${prefix}`, `~${prefix}:*`];
  return ['resetkeys', ...keys, 'resetchannels', '-@all', ...commands, ...common];
}

/** The users of the ACL LOG's entries (RESP2 field lists or RESP3 maps). */
function deniedUsers(log: unknown): string[] {
  return (Array.isArray(log) ? log : []).map((entry: unknown) => {
    const fields = Array.isArray(entry)
      ? Object.fromEntries(
          entry.flatMap((value, index) => (index % 2 ? [] : [[String(value), entry[index + 1]]])),
        )
      : (entry as Record<string, unknown>);
    return String(fields.username);
  });
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

for (const engine of ENGINES) {
  describeWith(engine, `RedisVectorStore ACL (${engine})`, () => {
    redisTest(
      'works for a user allowed only the README’s commands, and is refused nothing',
      async ({ redis }) => {
        const user = `${redis.prefix}-user`;
        const rules = readmeAclRules(engine, redis.prefix);
        await redis.client.sendCommand(['ACL', 'SETUSER', user, 'on', '>secret', ...rules]);
        const url = new URL(redis.url);
        url.username = user;
        url.password = 'secret';
        const options = {
          url: url.toString(),
          indexName: redis.prefix,
          engine,
          metadataSchema: [{ name: 'genre', type: 'tag' as const }],
        };
        const embeddings = new HashedEmbeddings();
        const store = await RedisVectorStore.fromDocuments(corpus(), embeddings, options);
        try {
          expect(await store.similaritySearch('fresh pasta', 2, { genre: 'food' })).toHaveLength(2);
          expect(await store.maxMarginalRelevanceSearch('music', { k: 3 })).toHaveLength(3);
          expect(
            await store.asRetriever({ k: 2, distanceThreshold: 1 }).invoke('tennis'),
          ).not.toEqual([]);
          expect(await store.getByIds(['doc-1', 'doc-2'])).toHaveLength(2);
          await store.delete({ ids: ['doc-1'] });
          await store.delete({ filter: { genre: 'code' } });
          await store.addDocuments([new Document({ pageContent: 'brief', id: 'brief' })], {
            ttl: 0.2,
          });
          await sleep(400);
          expect((await store.info()).documents).toBe(corpus().length - 1 - 7);
          const existing = await RedisVectorStore.fromExistingIndex(embeddings, options);
          await existing.delete({ deleteAll: true });
          await existing.close();
          const log = await redis.client.sendCommand(['ACL', 'LOG']);
          expect(deniedUsers(log)).not.toContain(user);
        } finally {
          await store.close();
          await redis.client.sendCommand(['ACL', 'DELUSER', user]);
        }
      },
    );
  });
}
