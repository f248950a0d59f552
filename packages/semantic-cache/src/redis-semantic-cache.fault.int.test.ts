import { FakeListChatModel } from '@langchain/core/utils/testing';
import { CapabilityError, RedisOperationError } from '@x/redis-core';
import {
  describeWith,
  findRedis7Server,
  type RedisServerProcess,
  spawnRedisServer,
} from '@x/test-utils';
import { createClient } from 'redis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { atDistance, errorRecorder, LLM, TableEmbeddings } from '../test/test-helpers.js';
import { EmbeddingError } from './embedding-error.js';
import { RedisSemanticCache } from './redis-semantic-cache.js';

const TIMEOUT_MS = 300;
// What a busy test machine may add to a timer on top of the deadline itself.
const SLACK_MS = 250;

/** Runs `count` lookups at once and returns the slowest one's duration, in milliseconds. */
async function slowestMissMs(cache: RedisSemanticCache, count: number): Promise<number> {
  const durations = await Promise.all(
    Array.from({ length: count }, async () => {
      const started = performance.now();
      expect(await cache.lookup('Human: question', LLM)).toBeNull();
      return performance.now() - started;
    }),
  );
  return Math.max(...durations);
}

describe('RedisSemanticCache when Redis or the model fails', () => {
  let server: RedisServerProcess;
  const recorded = errorRecorder();
  const embeddings = new TableEmbeddings({
    'Human: question': atDistance(0),
    'Human: another question': atDistance(0.5, 2),
  });
  let cache: RedisSemanticCache;

  beforeEach(async () => {
    server = await spawnRedisServer();
    recorded.errors.length = 0;
    cache = new RedisSemanticCache({
      url: server.url,
      embeddings,
      timeoutMs: TIMEOUT_MS,
      onError: recorded.onError,
    });
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
    expect(await slowestMissMs(cache, 10)).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    const started = performance.now();
    expect((await model.invoke('question')).content).toBe('two');
    // One bounded lookup and one bounded update around the model call, nothing more.
    expect(performance.now() - started).toBeLessThan(2 * TIMEOUT_MS + SLACK_MS);
    const operations = new Set(recorded.errors.map(({ context }) => context.operation));
    expect(operations).toContain('lookup');
    expect(operations).toContain('update');
    // The embeddings cache could not answer either: the model was asked instead.
    expect(operations).toContain('embeddings-cache');
    for (const { error } of recorded.errors) {
      expect(RedisOperationError.isInstance(error)).toBe(true);
      expect(['unavailable', 'timeout']).toContain((error as RedisOperationError).reason);
    }
    expect(cache.stats().errors).toBe(recorded.errors.length);

    await server.restart();
    // explain() rejects while the cache cannot reach Redis: wait until it answers again.
    const answers = () =>
      cache.explain('Human: question', LLM).then(
        () => true,
        () => false,
      );
    await expect.poll(answers, { timeout: 10_000 }).toBe(true);
    // An update given up while the server was down may still land once node-redis reconnects
    // (the vector index takes no abort signal), so the cache is checked on a new question.
    const calls = generate.mock.calls.length;
    const answer = (await model.invoke('another question')).content;
    expect((await model.invoke('another question')).content).toBe(answer);
    expect(generate).toHaveBeenCalledTimes(calls + 1);
  });

  it('misses within timeoutMs while the server hangs (paused), then answers again', async () => {
    await cache.update('Human: question', LLM, [{ text: 'cached' }]);
    server.pause();
    expect(await slowestMissMs(cache, 10)).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(
      recorded.errors.every(({ error }) => (error as RedisOperationError).reason === 'timeout'),
    ).toBe(true);
    server.resume();
    await expect
      .poll(async () => (await cache.lookup('Human: question', LLM))?.[0]?.text, { timeout: 5000 })
      .toBe('cached');
  });

  it('misses when the embedding model fails, and skips the update', async () => {
    expect(await cache.lookup('no vector for this', LLM)).toBeNull();
    await cache.update('no vector for this', LLM, [{ text: 'x' }]);
    expect(recorded.errors.map(({ error, context }) => [error.name, context.operation])).toEqual([
      ['EmbeddingError', 'lookup'],
      ['EmbeddingError', 'update'],
    ]);
    expect(EmbeddingError.isInstance(recorded.errors[0]?.error)).toBe(true);
    expect(recorded.errors[0]?.error.cause).toBeInstanceOf(Error);
    expect(cache.stats()).toEqual({ hits: 0, misses: 1, refused: 0, errors: 2 });
  });

  it('misses within timeoutMs when the embedding model hangs', async () => {
    const hanging = new TableEmbeddings({});
    hanging.embedQuery = () => new Promise(() => {});
    const slow = new RedisSemanticCache({
      url: server.url,
      embeddings: hanging,
      timeoutMs: TIMEOUT_MS,
      onError: recorded.onError,
    });
    try {
      const started = performance.now();
      expect(await slow.lookup('question', LLM)).toBeNull();
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(recorded.errors[0]?.error).toMatchObject({ reason: 'timeout' });
    } finally {
      await slow.close();
    }
  });

  it('misses and deletes an entry it did not write, and survives a throwing onError', async () => {
    const throwing = new RedisSemanticCache({
      url: server.url,
      embeddings,
      onError: () => {
        throw new Error('listener bug');
      },
    });
    const admin = createClient({ url: server.url });
    await admin.connect();
    try {
      await cache.update('Human: question', LLM, [{ text: 'cached' }]);
      // `llmcache:doc:<id>` on the Query Engine, `llmcache:{llmcache}:doc:<id>` on vector sets.
      const keys = await admin.keys('llmcache:*doc:*');
      expect(keys).toHaveLength(1);
      const key = keys[0] as string;
      await admin.hSet(key, 'metadata', '{"format":"1","generations":7}');
      expect(await throwing.lookup('Human: question', LLM)).toBeNull();
      await expect.poll(() => admin.exists(key)).toBe(0);
      expect(throwing.stats()).toMatchObject({ misses: 1, errors: 1 });
    } finally {
      await throwing.close();
      await admin.close();
    }
  });
});

describeWith('redis7', 'RedisSemanticCache on a server without vector search', () => {
  it('misses and reports a CapabilityError; info() throws it', async () => {
    const server = await spawnRedisServer({ binary: findRedis7Server()?.binary as string });
    const { errors, onError } = errorRecorder();
    const embeddings = new TableEmbeddings({ prompt: atDistance(0) });
    const cache = new RedisSemanticCache({ url: server.url, embeddings, onError });
    try {
      expect(await cache.lookup('prompt', LLM)).toBeNull();
      await cache.update('prompt', LLM, [{ text: 'x' }]);
      expect(errors.map(({ error }) => error.name)).toEqual(['CapabilityError', 'CapabilityError']);
      await expect(cache.info()).rejects.toSatisfy((error) => CapabilityError.isInstance(error));
    } finally {
      await cache.close();
      await server.stop();
    }
  });
});
