import { describeWith, randomPrefix, spawnRedisServer, testRedis } from '@x/test-utils';
import { createClient } from 'redis';
import { afterAll, beforeAll } from 'vitest';
import { describeCacheContract } from '../test/cache-contract.js';
import { RedisCache } from './redis-cache.js';

/** A cache under a fresh prefix, whose entries `dispose` clears before closing it. */
function subjectFor(options: ConstructorParameters<typeof RedisCache>[0]) {
  const cache = new RedisCache({ ...options, prefix: randomPrefix() });
  return {
    cache,
    dispose: async () => {
      await cache.clear();
      await cache.close();
    },
  };
}

describeCacheContract('RedisCache from a url (RESP3)', async () =>
  subjectFor({ url: testRedis().url }),
);

describeCacheContract('RedisCache with a RESP2 client and a sliding TTL', async () => {
  const client = createClient({ url: testRedis().url, RESP: 2 });
  await client.connect();
  const subject = subjectFor({ client, ttl: 60, ttlMode: 'sliding' });
  return {
    cache: subject.cache,
    dispose: async () => {
      await subject.dispose();
      await client.close();
    },
  };
});

describeWith('redis7', 'RedisCache on Redis 7 without modules', () => {
  let server: Awaited<ReturnType<typeof spawnRedisServer>>;
  beforeAll(async () => {
    server = await spawnRedisServer({ binary: testRedis().redis7Binary ?? undefined });
  });
  afterAll(async () => {
    await server?.stop();
  });
  describeCacheContract('RedisCache on Redis 7', async () =>
    subjectFor({ url: server.url, ttl: 60 }),
  );
});
