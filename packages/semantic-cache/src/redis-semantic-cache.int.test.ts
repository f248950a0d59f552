import { AIMessage } from '@langchain/core/messages';
import type { ChatGeneration } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { OfflineEmbeddings } from '@x/offline-embeddings';
import { redisTest } from '@x/test-utils';
import { expect, vi } from 'vitest';
import {
  atDistance,
  cacheFor,
  describeEachEngine,
  errorRecorder,
  keysUnder,
  LLM,
  OTHER_LLM,
  TableEmbeddings,
} from '../test/test-helpers.js';

const offline = new OfflineEmbeddings();

describeEachEngine('RedisSemanticCache', (engine) => {
  redisTest(
    "serves the seeds' paraphrase of a question and misses an unrelated one (offline model)",
    async ({ redis }) => {
      const cache = cacheFor(redis, engine, { embeddings: offline });
      await cache.update('What is the capital of France?', LLM, [
        { text: 'The capital of France is Paris.' },
      ]);
      const hit = await cache.lookup('Can you tell me the capital city of France?', LLM);
      expect(hit?.[0]?.text).toBe('The capital of France is Paris.');
      expect(await cache.lookup('How do I bake sourdough bread at home?', LLM)).toBeNull();

      const why = await cache.explain('Can you tell me the capital city of France?', LLM);
      expect(why.hit).toBe(true);
      expect(why.distance).toBeGreaterThan(0.05);
      expect(why.distance).toBeLessThanOrEqual(0.2);
      expect(why.nearestDistance).toBe(why.distance);
      const unrelated = await cache.explain('How do I bake sourdough bread at home?', LLM);
      expect(unrelated).toMatchObject({ hit: false, distance: null, candidates: [] });
      expect(unrelated.nearestDistance).toBeGreaterThan(0.5);
      expect(cache.stats()).toEqual({ hits: 1, misses: 1, refused: 0, errors: 0 });
    },
  );

  redisTest(
    'a chat model answers a paraphrase from the cache, with the message whole',
    async ({ redis }) => {
      const cache = cacheFor(redis, engine, { embeddings: offline });
      const model = new FakeListChatModel({ responses: ['Paris.', 'something else'], cache });
      const generate = vi.spyOn(model, '_generate');
      const first = await model.invoke('What is the capital of France?');
      const second = await model.invoke('Can you tell me the capital city of France?');
      expect(generate).toHaveBeenCalledTimes(1);
      expect(second.content).toBe(first.content);
      expect(AIMessage.isInstance(second)).toBe(true);
    },
  );

  redisTest(
    'a closer entry of another model does not hide this model’s entry',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({
        question: atDistance(0),
        'cached for this model': atDistance(0.15),
        'cached for another model': atDistance(0.01, 2),
      });
      const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
      await cache.update('cached for this model', LLM, [{ text: 'mine' }]);
      await cache.update('cached for another model', OTHER_LLM, [{ text: 'theirs' }]);
      expect((await cache.lookup('question', LLM))?.[0]?.text).toBe('mine');
      expect((await cache.lookup('question', OTHER_LLM))?.[0]?.text).toBe('theirs');
      const why = await cache.explain('question', LLM);
      expect(why.distance).toBeCloseTo(0.15, 4);
    },
  );

  redisTest(
    'the same prompt keeps one entry per model, and an update replaces it',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ prompt: atDistance(0) });
      const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
      await cache.update('prompt', LLM, [{ text: 'first' }]);
      await cache.update('prompt', OTHER_LLM, [{ text: 'other model' }]);
      await cache.update('prompt', LLM, [{ text: 'second' }, { text: 'n=2' }]);
      expect((await cache.lookup('prompt', LLM))?.map(({ text }) => text)).toEqual([
        'second',
        'n=2',
      ]);
      expect((await cache.lookup('prompt', OTHER_LLM))?.[0]?.text).toBe('other model');
      expect((await cache.info()).entries).toBe(2);
    },
  );

  redisTest(
    'keeps chat generations whole: message, metadata, generationInfo',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ prompt: atDistance(0) });
      const cache = cacheFor(redis, engine, { embeddings });
      const generation: ChatGeneration = {
        text: 'Paris',
        generationInfo: { finish_reason: 'stop' },
        message: new AIMessage({
          content: 'Paris',
          id: 'chatcmpl-1',
          response_metadata: { model_name: 'gpt-test' },
          tool_calls: [{ id: 'call-1', name: 'lookup', args: { city: 'Paris' } }],
        }),
      };
      await cache.update('prompt', LLM, [generation]);
      const [stored] = (await cache.lookup('prompt', LLM)) as ChatGeneration[];
      expect(stored?.generationInfo).toEqual({ finish_reason: 'stop' });
      expect(AIMessage.isInstance(stored?.message)).toBe(true);
      expect(stored?.message.id).toBe('chatcmpl-1');
      expect((stored?.message as AIMessage | undefined)?.tool_calls?.[0]?.args).toEqual({
        city: 'Paris',
      });
    },
  );

  redisTest('honours a stricter threshold, the one of seed 003', async ({ redis }) => {
    const embeddings = new TableEmbeddings({
      largest: atDistance(0),
      near: atDistance(0.08),
      far: atDistance(0.12),
    });
    const cache = cacheFor(redis, engine, { embeddings, distanceThreshold: 0.1, verifiers: [] });
    await cache.update('largest', LLM, [{ text: 'Jupiter' }]);
    expect((await cache.lookup('near', LLM))?.[0]?.text).toBe('Jupiter');
    expect(await cache.lookup('far', LLM)).toBeNull();
    expect((await cache.explain('far', LLM)).nearestDistance).toBeCloseTo(0.12, 4);
  });

  redisTest(
    'embeds a prompt once for the lookup that missed and the update after it',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ prompt: atDistance(0) });
      const { errors, onError } = errorRecorder();
      const cache = cacheFor(redis, engine, { embeddings, onError });
      expect(await cache.lookup('prompt', LLM)).toBeNull();
      await cache.update('prompt', LLM, [{ text: 'answer' }]);
      expect((await cache.lookup('prompt', LLM))?.[0]?.text).toBe('answer');
      expect(embeddings.calls).toBe(1);
      const uncached = cacheFor(
        redis,
        engine,
        { embeddings, embeddingsCache: false },
        `${redis.prefix}b`,
      );
      await uncached.lookup('prompt', LLM);
      await uncached.lookup('prompt', LLM);
      expect(embeddings.calls).toBe(3);
      expect(errors).toEqual([]);
    },
  );

  redisTest(
    'an entry it did not write is reported with its own key, then deleted',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ 'Human: question': atDistance(0) });
      const recorded = errorRecorder();
      const cache = cacheFor(redis, engine, { embeddings, onError: recorded.onError });
      await cache.update('Human: question', LLM, [{ text: 'cached' }]);
      const [key] = (await keysUnder(redis)).filter((name) => name.includes(':doc:'));
      expect(key).toBeDefined();
      await redis.client.hSet(key as string, 'metadata', '{"format":"1","generations":7}');
      expect(await cache.lookup('Human: question', LLM)).toBeNull();
      const [reported] = recorded.errors;
      expect(reported?.error.name).toBe('CorruptDataError');
      expect(reported?.error).toMatchObject({ key });
      await expect.poll(() => redis.client.exists(key as string)).toBe(0);
    },
  );

  redisTest('two names never see each other’s entries', async ({ redis }) => {
    const embeddings = new TableEmbeddings({ prompt: atDistance(0) });
    const one = cacheFor(redis, engine, { embeddings }, `${redis.prefix}:one`);
    const two = cacheFor(redis, engine, { embeddings }, `${redis.prefix}:two`);
    await one.update('prompt', LLM, [{ text: 'one' }]);
    expect(await two.lookup('prompt', LLM)).toBeNull();
    await two.update('prompt', LLM, [{ text: 'two' }]);
    expect((await one.lookup('prompt', LLM))?.[0]?.text).toBe('one');
    expect(await two.clear()).toBe(1);
    expect((await one.lookup('prompt', LLM))?.[0]?.text).toBe('one');
  });
});
