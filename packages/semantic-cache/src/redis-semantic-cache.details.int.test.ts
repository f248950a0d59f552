import { FakeListChatModel } from '@langchain/core/utils/testing';
import { redisTest } from '@x/test-utils';
import { expect, vi } from 'vitest';
import {
  atDistance,
  cacheFor,
  describeEachEngine,
  LLM,
  TableEmbeddings,
} from '../test/test-helpers.js';
import type { LookupDetails } from './semantic-lookup.js';
import type { HitVerifier } from './verifiers/index.js';

/** Refuses every candidate whose cached prompt starts with `refused`. */
const refuseMarked: HitVerifier = {
  name: 'marked',
  verify: ({ cached }) =>
    cached.prompt.startsWith('refused')
      ? { pass: false, reason: 'the cached prompt is marked refused' }
      : { pass: true },
};

describeEachEngine('RedisSemanticCache lookup details', (engine) => {
  redisTest(
    'a lookup says which entry it served and at what distance, or which candidates it refused, and onLookup hears the same',
    async ({ redis }) => {
      const heard: LookupDetails[] = [];
      const embeddings = new TableEmbeddings({
        question: atDistance(0),
        'served neighbour': atDistance(0.05),
        'refused neighbour': atDistance(0.12),
        'near a refused one': atDistance(0.1),
        'far question': atDistance(0.9),
      });
      const cache = cacheFor(redis, engine, {
        embeddings,
        verifiers: [refuseMarked],
        distanceThreshold: 0.2,
        onLookup: (details) => heard.push(details),
      });
      await cache.update('served neighbour', LLM, [{ text: 'right' }]);
      await cache.update('refused neighbour', LLM, [{ text: 'wrong' }]);

      const { generations, details } = await cache.lookupWithDetails('question', LLM);
      expect(generations?.[0]?.text).toBe('right');
      expect(details).toMatchObject({
        prompt: 'question',
        llmString: LLM,
        hit: true,
        served: { prompt: 'served neighbour' },
        distanceThreshold: 0.2,
      });
      expect(details?.served?.distance).toBeCloseTo(0.05, 4);
      expect(details?.served?.cachedAt).toBeInstanceOf(Date);
      expect(details?.candidates.map(({ prompt, outcome }) => [prompt, outcome.status])).toEqual([
        ['served neighbour', 'served'],
        ['refused neighbour', 'not-checked'],
      ]);
      // The same as a separate explanation finds, without asking for one.
      const explained = await cache.explain('question', LLM);
      expect(details?.served?.distance).toBe(explained.distance);
      expect(details?.candidates).toEqual(explained.candidates);
      expect(heard).toEqual([details]);

      const miss = await cache.lookupWithDetails('far question', LLM);
      expect(miss).toEqual({
        generations: null,
        details: expect.objectContaining({ hit: false, served: null, candidates: [] }),
      });
      // 'refused neighbour' is the nearest entry to this prompt: refused, so a miss.
      const refused = await cache.lookupWithDetails('near a refused one', LLM);
      expect(refused.generations).toBeNull();
      expect(refused.details?.candidates.map(({ prompt, outcome }) => [prompt, outcome])).toEqual([
        [
          'refused neighbour',
          { status: 'refused', verifier: 'marked', reason: 'the cached prompt is marked refused' },
        ],
        ['served neighbour', { status: 'after-refusal' }],
      ]);
      expect(heard).toHaveLength(3);
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, refused: 1 });
    },
  );

  redisTest(
    'onLookup hears the lookups a chat model makes through its cache; a listener that throws changes nothing',
    async ({ redis }) => {
      const heard: LookupDetails[] = [];
      const embeddings = new TableEmbeddings({
        'Human: What is the capital of France?': atDistance(0),
        'Human: Capital of France?': atDistance(0.08),
      });
      const cache = cacheFor(redis, engine, {
        embeddings,
        verifiers: [],
        onLookup: (details) => {
          heard.push(details);
          throw new Error('a listener bug');
        },
      });
      const model = new FakeListChatModel({ responses: ['Paris.', 'not from the cache'], cache });
      const generate = vi.spyOn(model, '_generate');
      await model.invoke('What is the capital of France?');
      const second = await model.invoke('Capital of France?');
      expect(second.content).toBe('Paris.');
      expect(generate).toHaveBeenCalledTimes(1);
      expect(heard.map((details) => details.hit)).toEqual([false, true]);
      expect(heard[1]?.served?.prompt).toBe('Human: What is the capital of France?');
      expect(heard[1]?.served?.distance).toBeCloseTo(0.08, 4);
    },
  );

  redisTest('a failed lookup has no details, and onError hears why', async ({ redis }) => {
    const heard: LookupDetails[] = [];
    const errors: Error[] = [];
    const embeddings = new TableEmbeddings({});
    const cache = cacheFor(redis, engine, {
      embeddings,
      onLookup: (details) => heard.push(details),
      onError: (error) => errors.push(error),
    });
    // TableEmbeddings throws for a prompt it has no vector for: the model fails.
    expect(await cache.lookupWithDetails('unknown prompt', LLM)).toEqual({
      generations: null,
      details: null,
    });
    expect(heard).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});
