import { spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { expect, it } from 'vitest';
import { errorRecorder, LLM } from '../test/test-helpers.js';
import { RedisCache } from './redis-cache.js';

// The ACL rules the README gives: exactly the commands the cache sends, on its own keys.
const README_ACL_RULES = [
  'resetkeys',
  '~llmcache:*',
  'resetchannels',
  '-@all',
  '+get',
  '+getex',
  '+set',
  '+unlink',
  '+scan',
  '+client|setinfo',
];

it('works for a user allowed only the commands the README lists, and is refused nothing', async () => {
  const server = await spawnRedisServer();
  const admin = createClient({ url: server.url });
  await admin.connect();
  const { errors, onError } = errorRecorder();
  const cache = new RedisCache({
    url: `redis://cache:secret@127.0.0.1:${server.port}`,
    ttl: 60,
    ttlMode: 'sliding',
    onError,
  });
  try {
    await admin.sendCommand(['ACL', 'SETUSER', 'cache', 'on', '>secret', ...README_ACL_RULES]);
    await cache.update('p', LLM, [{ text: 'stored' }]);
    expect((await cache.lookup('p', LLM))?.[0]?.text).toBe('stored');
    let key = '';
    for await (const [found] of admin.scanIterator({ MATCH: 'llmcache:*' })) key = found ?? key;
    await admin.set(key, 'corrupt');
    expect(await cache.lookup('p', LLM)).toBeNull();
    await expect.poll(() => admin.exists(key)).toBe(0);
    await cache.update('p', LLM, [{ text: 'stored' }]);
    expect(await cache.clear()).toBe(1);
    expect(errors.map(({ error }) => error.name)).toEqual(['CorruptDataError']);
    expect(await admin.sendCommand(['ACL', 'LOG'])).toEqual([]);
  } finally {
    await cache.close();
    await admin.close();
    await server.stop();
  }
});
