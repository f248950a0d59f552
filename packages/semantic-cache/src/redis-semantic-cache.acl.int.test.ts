import { readFileSync } from 'node:fs';
import type { VectorEngine } from '@x/redis-core';
import { probeServer, spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { expect, it } from 'vitest';
import { atDistance, ENGINES, errorRecorder, LLM, TableEmbeddings } from '../test/test-helpers.js';
import { RedisSemanticCache } from './redis-semantic-cache.js';

// The ACL rules the README gives for each engine, read from the README itself so that the two
// cannot drift apart: exactly the commands the cache sends, on its own keys.
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const README_RULES = [...README.matchAll(/^ACL SETUSER \S+ on >password (.+)$/gm)].map((match) =>
  (match[1] ?? '').split(' '),
);
/** The command that tells one engine's rule from the other's. */
const MARK: Record<VectorEngine, string> = { 'vector-set': '+vadd', 'query-engine': '+ft.search' };

for (const engine of ENGINES) {
  it(`works for a user allowed only the commands the README lists (${engine} engine)`, async (context) => {
    const rules = README_RULES.filter((rule) => rule.includes(MARK[engine]));
    expect(rules).toHaveLength(1);
    const server = await spawnRedisServer();
    const probe = await probeServer(server.url);
    if (!(engine === 'vector-set' ? probe.vectorSets : probe.queryEngine)) {
      await server.stop();
      const reason = `the spawned redis ${probe.redisVersion} has no ${engine} engine`;
      console.warn(`[test-utils] skipped the ${engine} ACL test: ${reason}`);
      context.skip(reason);
      return;
    }
    const admin = createClient({ url: server.url });
    await admin.connect();
    const { errors, onError } = errorRecorder();
    const embeddings = new TableEmbeddings({ prompt: atDistance(0), near: atDistance(0.05) });
    const cache = new RedisSemanticCache({
      url: `redis://cache:secret@127.0.0.1:${server.port}`,
      embeddings,
      engine,
      ttl: 60,
      ttlMode: 'sliding',
      embeddingsCache: true,
      onError,
    });
    try {
      expect(rules[0]).toContain('~llmcache:*');
      await admin.sendCommand(['ACL', 'SETUSER', 'cache', 'on', '>secret', ...(rules[0] ?? [])]);
      expect(await cache.lookup('near', LLM)).toBeNull();
      await cache.update('prompt', LLM, [{ text: 'stored' }]);
      expect((await cache.lookup('near', LLM))?.[0]?.text).toBe('stored');
      expect((await cache.explain('near', LLM)).hit).toBe(true);
      expect(await cache.info()).toMatchObject({ engine, entries: 1 });
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
}
