import { FakeListChatModel } from '@langchain/core/utils/testing';
import { RedisOperationError } from '@x/redis-core';
import { freePort, type RedisServerProcess, spawnRedisServer } from '@x/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorRecorder, LLM } from '../test/test-helpers.js';
import { RedisCache } from './redis-cache.js';

const TIMEOUT_MS = 300;
// What a busy test machine may add to a timer on top of the deadline itself.
const SLACK_MS = 250;

/** Runs `count` lookups at once and returns the slowest one's duration, in milliseconds. */
async function slowestMissMs(cache: RedisCache, count: number): Promise<number> {
  const durations = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const started = performance.now();
      expect(await cache.lookup(`prompt ${index}`, LLM)).toBeNull();
      return performance.now() - started;
    }),
  );
  return Math.max(...durations);
}

describe('RedisCache when Redis fails', () => {
  let server: RedisServerProcess;
  let cache: RedisCache;
  const recorded = errorRecorder();

  beforeEach(async () => {
    server = await spawnRedisServer();
    recorded.errors.length = 0;
    cache = new RedisCache({ url: server.url, timeoutMs: TIMEOUT_MS, onError: recorded.onError });
  });

  afterEach(async () => {
    server.resume();
    await cache.close();
    await server.stop();
  });

  it('misses within timeoutMs while the server is down, lets the model answer, and recovers', async () => {
    const model = new FakeListChatModel({ responses: ['one', 'two', 'three'], cache });
    const generate = vi.spyOn(model, '_generate');
    expect((await model.invoke('question')).content).toBe('one');
    expect((await model.invoke('question')).content).toBe('one');
    expect(generate).toHaveBeenCalledTimes(1);

    await server.kill();
    expect(await slowestMissMs(cache, 20)).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    const started = performance.now();
    expect((await model.invoke('question')).content).toBe('two');
    // One bounded lookup and one bounded update around the model call, nothing more.
    expect(performance.now() - started).toBeLessThan(2 * TIMEOUT_MS + SLACK_MS);
    expect(recorded.errors.length).toBeGreaterThanOrEqual(22);
    for (const { error } of recorded.errors) {
      expect(RedisOperationError.isInstance(error)).toBe(true);
      expect(['unavailable', 'timeout']).toContain((error as RedisOperationError).reason);
    }
    expect(recorded.errors.map(({ context }) => context.operation)).toContain('update');

    await server.restart();
    await vi.waitFor(
      async () => {
        await cache.update('after restart', LLM, [{ text: 'back' }]);
        expect((await cache.lookup('after restart', LLM))?.[0]?.text).toBe('back');
      },
      { timeout: 10_000, interval: 100 },
    );
    // The restarted server kept nothing: the model answers once more, then the cache does.
    expect((await model.invoke('question')).content).toBe('three');
    expect((await model.invoke('question')).content).toBe('three');
    expect(generate).toHaveBeenCalledTimes(3);
  });

  it('misses within timeoutMs while the server hangs without answering', async () => {
    await cache.update('p', LLM, [{ text: 'stored' }]);
    server.pause();
    expect(await slowestMissMs(cache, 5)).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    const started = performance.now();
    await cache.update('p', LLM, [{ text: 'not stored' }]);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(
      recorded.errors.every(({ error }) => (error as RedisOperationError).reason === 'timeout'),
    ).toBe(true);
    server.resume();
    await vi.waitFor(async () => expect((await cache.lookup('p', LLM))?.[0]?.text).toBeDefined(), {
      timeout: 10_000,
      interval: 100,
    });
  });

  it('misses within timeoutMs when the server was never reachable', async () => {
    const { errors, onError } = errorRecorder();
    const unreachable = new RedisCache({
      url: `redis://127.0.0.1:${await freePort()}`,
      timeoutMs: TIMEOUT_MS,
      onError,
    });
    try {
      expect(await slowestMissMs(unreachable, 5)).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      await unreachable.update('p', LLM, [{ text: 'x' }]);
      expect(unreachable.stats()).toEqual({ hits: 0, misses: 5, errors: 6 });
      // The client created from the url reports its failed connection attempts too.
      expect(errors.some(({ context }) => context.operation === 'connection')).toBe(true);
      // Closing does not wait for a connection that will never come.
      const closing = performance.now();
      await unreachable.close();
      expect(performance.now() - closing).toBeLessThan(1000);
    } finally {
      await unreachable.close();
    }
  });
});
