import { AIMessage, AIMessageChunk } from '@langchain/core/messages';
import type { ChatGeneration } from '@langchain/core/outputs';
import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { CorruptDataError, RedisOperationError, SerializationError } from '@x/redis-core';
import { redisTest as test } from '@x/test-utils';
import { describe, expect, vi } from 'vitest';
import { richChatGeneration } from '../test/cache-contract.js';
import { cacheFor, errorRecorder, keysUnder, LLM, onlyKey } from '../test/test-helpers.js';

describe('RedisCache with a chat model', () => {
  test('answers the second identical invocation from the cache, without calling the model', async ({
    redis,
  }) => {
    const model = new FakeListChatModel({
      responses: ['first answer', 'second answer'],
      cache: cacheFor(redis),
    });
    const generate = vi.spyOn(model, '_generate');
    const first = await model.invoke('What is Redis?');
    const second = await model.invoke('What is Redis?');
    expect(generate).toHaveBeenCalledTimes(1);
    expect(first.content).toBe('first answer');
    expect(second.content).toBe('first answer');
    await model.invoke('Something else?');
    expect(generate).toHaveBeenCalledTimes(2);
  });

  test('round-trips tool calls through the model', async ({ redis }) => {
    const toolCalls = [
      { id: 'call-1', name: 'weather', args: { city: 'Zürich' }, type: 'tool_call' as const },
    ];
    const model = new FakeStreamingChatModel({
      chunks: [new AIMessageChunk({ content: 'checking', tool_calls: toolCalls })],
      cache: cacheFor(redis),
    });
    const generate = vi.spyOn(model, '_generate');
    const first = await model.invoke('weather in Zürich?');
    const second = await model.invoke('weather in Zürich?');
    expect(generate).toHaveBeenCalledTimes(1);
    expect(second).toBeInstanceOf(AIMessage);
    expect(second.tool_calls).toEqual(first.tool_calls);
    expect(second.tool_calls).toEqual(toolCalls);
  });
});

describe('RedisCache storage', () => {
  test('round-trips chat generations deep-equal, message class and all', async ({ redis }) => {
    const cache = cacheFor(redis);
    const generation = richChatGeneration();
    await cache.update('weather?', LLM, [generation]);
    const [back] = (await cache.lookup('weather?', LLM)) as ChatGeneration[];
    expect(back?.message).toBeInstanceOf(AIMessage);
    expect(back?.message.toDict()).toEqual(generation.message.toDict());
    expect(back?.generationInfo).toEqual(generation.generationInfo);
    expect(back?.text).toBe(generation.text);
  });

  test('stores one key per entry, whatever the number of generations', async ({ redis }) => {
    const cache = cacheFor(redis);
    await cache.update('p', LLM, [{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    const key = await onlyKey(redis);
    expect(key).toMatch(new RegExp(`^${redis.prefix}:entry:[0-9a-f]{32}\\.[0-9a-f]{64}$`));
    expect(await redis.client.type(key)).toBe('string');
  });

  test('tells apart prompts and settings that join into the same text', async ({ redis }) => {
    const cache = cacheFor(redis);
    await cache.update('a_b', 'c', [{ text: 'first' }]);
    expect(await cache.lookup('a', 'b_c')).toBeNull();
    await cache.update('\uD800', LLM, [{ text: 'lone high surrogate' }]);
    expect(await cache.lookup('\uD801', LLM)).toBeNull();
    expect((await cache.lookup('\uD800', LLM))?.[0]?.text).toBe('lone high surrogate');
  });

  test('reports generations it cannot serialize and stores nothing', async ({ redis }) => {
    const { errors, onError } = errorRecorder();
    const cache = cacheFor(redis, { onError });
    await cache.update('p', LLM, [{ text: 'x', generationInfo: { tokens: 10n } }]);
    await cache.update('p', LLM, 'not generations' as never);
    expect(errors).toHaveLength(2);
    for (const { error, context } of errors) {
      expect(SerializationError.isInstance(error)).toBe(true);
      expect(context.operation).toBe('update');
    }
    expect(await keysUnder(redis)).toEqual([]);
    expect(await cache.lookup('p', LLM)).toBeNull();
    expect(cache.stats()).toEqual({ hits: 0, misses: 1, errors: 2 });
  });

  test('counts hits, misses and errors', async ({ redis }) => {
    const cache = cacheFor(redis);
    await cache.lookup('p', LLM);
    await cache.update('p', LLM, [{ text: 'x' }]);
    await cache.lookup('p', LLM);
    await cache.lookup('p', LLM);
    expect(cache.stats()).toEqual({ hits: 2, misses: 1, errors: 0 });
  });
});

describe('RedisCache with a value it did not write', () => {
  test('treats a corrupt entry as a miss, reports it and deletes it', async ({ redis }) => {
    const { errors, onError } = errorRecorder();
    const cache = cacheFor(redis, { onError });
    await cache.update('p', LLM, [{ text: 'good' }]);
    const key = await onlyKey(redis);
    await redis.client.set(key, '{"v":1,"generations":[{"no text":true}]}');
    expect(await cache.lookup('p', LLM)).toBeNull();
    expect(errors).toHaveLength(1);
    expect(CorruptDataError.isInstance(errors[0]?.error)).toBe(true);
    expect(errors[0]?.context).toEqual({ operation: 'lookup', key });
    await vi.waitFor(async () => expect(await redis.client.exists(key)).toBe(0));
    expect(cache.stats()).toEqual({ hits: 0, misses: 1, errors: 1 });
  });

  test('treats a key of another type as a miss and reports why', async ({ redis }) => {
    const { errors, onError } = errorRecorder();
    const cache = cacheFor(redis, { onError });
    await cache.update('p', LLM, [{ text: 'good' }]);
    const key = await onlyKey(redis);
    await redis.client.unlink(key);
    await redis.client.hSet(key, 'field', 'value');
    expect(await cache.lookup('p', LLM)).toBeNull();
    expect(RedisOperationError.isInstance(errors[0]?.error)).toBe(true);
    expect(errors[0]?.error).toMatchObject({ reason: 'wrong-type' });
  });

  test('keeps going when onError itself throws', async ({ redis }) => {
    const cache = cacheFor(redis, {
      onError: () => {
        throw new Error('listener bug');
      },
    });
    await cache.update('p', LLM, [{ text: 'x', generationInfo: { n: 1n } }]);
    expect(await cache.lookup('p', LLM)).toBeNull();
  });
});
