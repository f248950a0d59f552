import { readFileSync } from 'node:fs';
import { spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { expect, it } from 'vitest';
import { RedisSemanticCache } from './redis-semantic-cache.js';
import { atDistance, errorRecorder, LLM, TableEmbeddings } from './test-helpers.js';

// The ACL rules the README gives for the vector-set engine, read from the README itself so that
// the two cannot drift apart: exactly the commands the cache sends, on its own keys.
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const README_ACL_RULES = (README.match(/^ACL SETUSER \S+ on >password (.+)$/m)?.[1] ?? '').split(
  ' ',
);

it('works for a user allowed only the commands the README lists (vector-set engine)', async () => {
  const server = await spawnRedisServer();
  const admin = createClient({ url: server.url });
  await admin.connect();
  const { errors, onError } = errorRecorder();
  const embeddings = new TableEmbeddings({ prompt: atDistance(0), near: atDistance(0.05) });
  const cache = new RedisSemanticCache({
    url: `redis://cache:secret@127.0.0.1:${server.port}`,
    embeddings,
    ttl: 60,
    ttlMode: 'sliding',
    onError,
  });
  try {
    expect(README_ACL_RULES).toContain('~llmcache:*');
    await admin.sendCommand(['ACL', 'SETUSER', 'cache', 'on', '>secret', ...README_ACL_RULES]);
    expect(await cache.lookup('near', LLM)).toBeNull();
    await cache.update('prompt', LLM, [{ text: 'stored' }]);
    expect((await cache.lookup('near', LLM))?.[0]?.text).toBe('stored');
    expect((await cache.explain('near', LLM)).hit).toBe(true);
    expect(await cache.info()).toMatchObject({ engine: 'vector-set', entries: 1 });
    expect(await cache.clear({ llmString: LLM })).toBe(1);
    await cache.update('prompt', LLM, [{ text: 'stored' }]);
    expect(await cache.clear()).toBe(1);
    await cache.drop();
    await cache.close();
    expect(errors).toEqual([]);
    expect(await admin.sendCommand(['ACL', 'LOG'])).toEqual([]);
  } finally {
    await cache.close();
    await admin.close();
    await server.stop();
  }
});
