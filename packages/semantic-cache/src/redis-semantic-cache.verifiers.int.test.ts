import { FakeListChatModel } from '@langchain/core/utils/testing';
import { OfflineEmbeddings } from '@x/offline-embeddings';
import { redisTest } from '@x/test-utils';
import { expect, vi } from 'vitest';
import {
  atDistance,
  cacheFor,
  describeEachEngine,
  LLM,
  TableEmbeddings,
} from '../test/test-helpers.js';
import { createJudgeVerifier, createMeaningVerifier, type HitVerifier } from './verifiers/index.js';

/** Refuses cached prompts that contain `word`. */
function refusing(word: string): HitVerifier {
  return {
    name: `no-${word}`,
    verify: ({ cached }) =>
      cached.prompt.includes(word) ? { pass: false, reason: `mentions ${word}` } : { pass: true },
  };
}

/** Three entries within the threshold of `question`, at 0.02, 0.05 and 0.1. */
function threeNear() {
  return new TableEmbeddings({
    question: atDistance(0),
    'nearest, bad': atDistance(0.02, 1),
    'middle, bad': atDistance(0.05, 2),
    'farthest, good': atDistance(0.1, 3),
    'nearest, good': atDistance(0.01, 3),
    'beyond the threshold': atDistance(0.5),
  });
}

describeEachEngine('RedisSemanticCache verifiers', (engine) => {
  redisTest(
    'serves the nearest candidate when the verifiers accept it, and nothing farther than a refused one',
    async ({ redis }) => {
      const embeddings = threeNear();
      const cache = cacheFor(redis, engine, { embeddings, verifiers: [refusing('bad')] });
      for (const prompt of ['middle, bad', 'farthest, good', 'beyond the threshold']) {
        await cache.update(prompt, LLM, [{ text: prompt }]);
      }
      // The nearest is refused: the farther, accepted entry is not served either.
      expect(await cache.lookup('question', LLM)).toBeNull();
      const refused = await cache.explain('question', LLM);
      expect(refused.candidates.map(({ prompt, outcome }) => [prompt, outcome])).toEqual([
        ['middle, bad', { status: 'refused', verifier: 'no-bad', reason: 'mentions bad' }],
        ['farthest, good', { status: 'after-refusal' }],
      ]);
      expect(refused.candidates[0]?.cachedAt).toBeInstanceOf(Date);

      await cache.update('nearest, bad', LLM, [{ text: 'nearest, bad' }]);
      const accepting = cacheFor(redis, engine, { embeddings, verifiers: [refusing('good')] });
      expect((await accepting.lookup('question', LLM))?.[0]?.text).toBe('nearest, bad');
      const why = await accepting.explain('question', LLM);
      expect(why).toMatchObject({ hit: true, distanceThreshold: 0.2 });
      expect(why.distance).toBeCloseTo(0.02, 4);
      expect(why.nearestDistance).toBeCloseTo(0.02, 4);
      expect(why.candidates.map(({ outcome }) => outcome.status)).toEqual([
        'served',
        'not-checked',
        'not-checked',
      ]);
    },
  );

  redisTest(
    'a refused near-miss is a miss, not a farther unrelated answer (the offline model)',
    async ({ redis }) => {
      const cache = cacheFor(redis, engine, {
        embeddings: new OfflineEmbeddings(),
        distanceThreshold: 0.35,
      });
      await cache.update('What is the maximum dose of paracetamol for adults?', LLM, [
        { text: '4 g a day.' },
      ]);
      await cache.update('What are the side effects of aspirin?', LLM, [
        { text: 'Stomach upset, bleeding.' },
      ]);
      const prompt = 'What is the maximum dose of paracetamol for children?';
      const { generations, details } = await cache.lookupWithDetails(prompt, LLM);
      expect(generations).toBeNull();
      expect(details?.candidates.map(({ prompt, outcome }) => [prompt, outcome.status])).toEqual([
        ['What is the maximum dose of paracetamol for adults?', 'refused'],
        ['What are the side effects of aspirin?', 'after-refusal'],
      ]);
      // Both entries lie within the threshold: without the rule, the second would be served.
      expect(details?.candidates[1]?.distance).toBeLessThan(0.35);
    },
  );

  redisTest('misses when the nearest candidate is refused, and counts it', async ({ redis }) => {
    const embeddings = threeNear();
    const cache = cacheFor(redis, engine, { embeddings, verifiers: [refusing(',')] });
    for (const prompt of ['nearest, bad', 'farthest, good']) {
      await cache.update(prompt, LLM, [{ text: prompt }]);
    }
    expect(await cache.lookup('question', LLM)).toBeNull();
    expect(cache.stats()).toEqual({ hits: 0, misses: 1, refused: 1, errors: 0 });
    const why = await cache.explain('question', LLM);
    expect(why.hit).toBe(false);
    expect(why.candidates.map(({ outcome }) => outcome.status)).toEqual([
      'refused',
      'after-refusal',
    ]);
  });

  redisTest('considers only `candidates` entries, nearest first', async ({ redis }) => {
    const embeddings = threeNear();
    const cache = cacheFor(redis, engine, { embeddings, verifiers: [], candidates: 1 });
    for (const prompt of ['nearest, bad', 'middle, bad', 'farthest, good']) {
      await cache.update(prompt, LLM, [{ text: prompt }]);
    }
    const why = await cache.explain('question', LLM);
    expect(why.candidates.map(({ prompt }) => prompt)).toEqual(['nearest, bad']);
  });

  redisTest('verifiers: [] serves the nearest entry within the threshold', async ({ redis }) => {
    const embeddings = threeNear();
    const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
    for (const prompt of ['nearest, bad', 'farthest, good']) {
      await cache.update(prompt, LLM, [{ text: prompt }]);
    }
    expect((await cache.lookup('question', LLM))?.[0]?.text).toBe('nearest, bad');
  });

  redisTest(
    'the default verifiers refuse near-misses the offline model puts within the threshold',
    async ({ redis }) => {
      const embeddings = new OfflineEmbeddings();
      const checked = cacheFor(redis, engine, { embeddings });
      const unchecked = cacheFor(
        redis,
        engine,
        { embeddings, verifiers: [] },
        `${redis.prefix}:unchecked`,
      );
      for (const cache of [checked, unchecked]) {
        await cache.update('Is 91 a prime number?', LLM, [{ text: 'No: 7 × 13.' }]);
      }
      expect(await checked.lookup('Is 89 a prime number?', LLM)).toBeNull();
      expect((await unchecked.lookup('Is 89 a prime number?', LLM))?.[0]?.text).toBe('No: 7 × 13.');
      const why = await checked.explain('Is 89 a prime number?', LLM);
      expect(why.candidates[0]?.outcome).toMatchObject({ status: 'refused', verifier: 'numbers' });
    },
  );

  redisTest(
    'a judge model is asked only about candidates in its band that the rules accept',
    async ({ redis }) => {
      const judge = new FakeListChatModel({ responses: ['NO'] });
      const ask = vi.spyOn(judge, 'invoke');
      const embeddings = threeNear();
      const cache = cacheFor(redis, engine, {
        embeddings,
        verifiers: [refusing('bad'), createJudgeVerifier({ judge, band: [0.04, 0.2] })],
      });
      await cache.update('nearest, bad', LLM, [{ text: 'nearest, bad' }]);
      await cache.update('farthest, good', LLM, [{ text: 'farthest, good' }]);
      // The nearest is refused by the rules: the judge is not asked.
      expect(await cache.lookup('question', LLM)).toBeNull();
      expect(ask).not.toHaveBeenCalled();
      await cache.clear();
      await cache.update('farthest, good', LLM, [{ text: 'farthest, good' }]);
      const { generations, details } = await cache.lookupWithDetails('question', LLM);
      expect(generations).toBeNull();
      expect(details?.candidates[0]?.outcome).toEqual({
        status: 'refused',
        verifier: 'judge',
        reason: 'the judge model said the cached answer does not fit',
      });
      expect(ask).toHaveBeenCalledTimes(1);
      // Below the band, the rules decide alone.
      await cache.update('nearest, good', LLM, [{ text: 'nearest, good' }]);
      expect((await cache.lookup('question', LLM))?.[0]?.text).toBe('nearest, good');
      expect(ask).toHaveBeenCalledTimes(1);
    },
  );

  redisTest(
    "the meaning verifier compares the differing words with the cache's own model",
    async ({ redis }) => {
      const embeddings = new OfflineEmbeddings();
      const embedDocuments = vi.spyOn(embeddings, 'embedDocuments');
      const cache = cacheFor(redis, engine, {
        embeddings,
        embeddingsCache: false,
        distanceThreshold: 0.35,
        // Alone, so that no rule refuses first.
        verifiers: [createMeaningVerifier({ maxSpanDistance: 0.45 })],
      });
      await cache.update('Best hiking boots for wide feet in winter', LLM, [{ text: 'boots' }]);
      const { generations, details } = await cache.lookupWithDetails(
        'Best hiking boots for kids in winter',
        LLM,
      );
      expect(generations).toBeNull();
      expect(details?.candidates[0]?.outcome).toMatchObject({
        status: 'refused',
        verifier: 'meaning',
        reason: expect.stringMatching(/^"kids" in the prompt and "wide feet" cached differ/),
      });
      expect(embedDocuments).toHaveBeenCalledWith(['kids', 'wide feet']);
      // A prompt that only rewords has no differing words to compare: served, nothing more
      // embedded than the two prompts (the model embeds a query as a one-text document).
      embedDocuments.mockClear();
      await cache.update('How do I set up a home network printer?', LLM, [{ text: 'printer' }]);
      const reworded = await cache.lookup('How do I set up a printer on my home network?', LLM);
      expect(reworded?.[0]?.text).toBe('printer');
      expect(embedDocuments.mock.calls.map(([texts]) => texts.length)).toEqual([1, 1]);
    },
  );
});
