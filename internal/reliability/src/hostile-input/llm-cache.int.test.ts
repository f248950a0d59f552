import type { Generation } from '@langchain/core/outputs';
import {
  InvalidKeyError,
  RedisCache,
  type RedisStoreError,
  SerializationError,
} from '@x/llm-cache';
import fc from 'fast-check';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordFigures } from '../figures.js';
import { describeSpawned } from '../spawned-redis.js';
import { hostileString, oneMegabyteString, PROPERTY_RUNS, SEED } from './corpus.js';
import { GuardedServer, Tally, TYPE_ERROR } from './guarded-server.js';

const VALID_PREFIX = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$/;
/** Strings that differ only where UTF-8 cannot tell them apart (lone surrogates). */
const LOOKALIKES: [string, string][] = [
  ['\uD800', '\uDC00'],
  ['a\uD800', 'a\uDBFF'],
  ['\uFFFD', '\uD800'],
  ['x\uDFFFy', 'x\uFFFDy'],
];

describeSpawned('llm-cache with hostile input', () => {
  let guarded: GuardedServer;
  let client: ReturnType<typeof createClient>;
  let cache: RedisCache;
  const errors: RedisStoreError[] = [];
  const tally = new Tally();

  beforeAll(async () => {
    guarded = await GuardedServer.start('llmcache');
    // Inside the prefix but not this cache's: another cache's prefix, keys of other shapes.
    const neighbour = new RedisCache({ client: guarded.admin, prefix: 'llmcache:tenant' });
    await neighbour.update('*', '*', [{ text: 'neighbour' }]);
    await guarded.admin.set('llmcache:entry:notours', 'neighbour');
    await guarded.admin.set(`llmcache:entry:${'0'.repeat(32)}.${'0'.repeat(64)}x`, 'neighbour');
    await guarded.seal();
    client = createClient({ url: guarded.url });
    client.on('error', () => {});
    await client.connect();
    cache = new RedisCache({ client, timeoutMs: 10_000, onError: (error) => errors.push(error) });
  });

  afterAll(async () => {
    await client?.close();
    await guarded?.stop();
  });

  /** Stores `generations`, reads them back, and checks nobody else's answer is returned. */
  async function roundTrip(
    prompt: string,
    other: string,
    llmString: string,
    generations: Generation[],
  ) {
    await cache.update(prompt, llmString, generations);
    expect(await cache.lookup(prompt, llmString)).toEqual(generations);
    expect(await cache.lookup(other, llmString)).toBeNull();
    expect(await cache.lookup(prompt, `${llmString} `)).toBeNull();
    for (let call = 0; call < 4; call++) tally.ok();
  }

  it('any prompt, model settings and answer text: stored and found exactly, never under another prompt', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileString(),
        hostileString(),
        hostileString(),
        fc.array(hostileString(60), { minLength: 1, maxLength: 3 }),
        async (prompt, suffix, llmString, texts) => {
          expect(await cache.clear()).toBeGreaterThanOrEqual(0);
          tally.ok();
          await roundTrip(
            prompt,
            `${prompt}${suffix || '\0'}`,
            llmString,
            texts.map((text) => ({ text, generationInfo: { [text]: text } })),
          );
        },
      ),
      PROPERTY_RUNS,
    );
    for (const [prompt, lookalike] of LOOKALIKES) {
      await roundTrip(prompt, lookalike, lookalike, [{ text: prompt }]);
    }
    expect(errors).toEqual([]);
  });

  it('1 MB prompts and answers round-trip; clear({ llmString }) removes only that model', async () => {
    const prompt = oneMegabyteString('prompt');
    const llmString = oneMegabyteString('model');
    await roundTrip(prompt, `${prompt}x`, llmString, [{ text: oneMegabyteString('answer') }]);
    await cache.update(prompt, 'other model', [{ text: 'kept' }]);
    expect(await cache.clear({ llmString })).toBe(1);
    expect(await cache.lookup(prompt, 'other model')).toEqual([{ text: 'kept' }]);
    for (let call = 0; call < 3; call++) tally.ok();
    expect(errors).toEqual([]);
  });

  it('any prefix: accepted exactly when valid; wrong argument types are TypeErrors; unserializable answers are skipped', async () => {
    fc.assert(
      fc.property(hostileString(), (prefix) => {
        const valid = VALID_PREFIX.test(prefix) && prefix.length <= 128;
        try {
          new RedisCache({ client, prefix });
          expect(valid).toBe(true);
          tally.ok();
        } catch (error) {
          tally.refused(error, [InvalidKeyError]);
          expect(valid).toBe(false);
        }
      }),
      { ...PROPERTY_RUNS, numRuns: 200 },
    );
    for (const [prompt, llmString] of [
      [null, 'm'],
      ['p', undefined],
      [42, 'm'],
      ['p', {}],
    ]) {
      for (const call of [
        () => cache.lookup(prompt as string, llmString as string),
        () => cache.update(prompt as string, llmString as string, [{ text: 'x' }]),
      ]) {
        await expect(call()).rejects.toSatisfy((error) => {
          tally.refused(error, [TYPE_ERROR]);
          return true;
        });
      }
    }
    errors.length = 0;
    await cache.update('p', 'm', [{ text: 'x', generationInfo: { big: 1n } }]);
    expect(errors).toHaveLength(1);
    tally.refused(errors[0], [SerializationError]);
    expect(await cache.lookup('p', 'm')).toBeNull();
    tally.ok();
  });

  it('touched nothing outside its prefix or its own entries: neighbours unchanged, ACL LOG empty, no KEYS or FLUSH', async () => {
    await cache.clear();
    const trespasses = await guarded.trespasses();
    const touched =
      trespasses.neighbours.changed.length +
      trespasses.neighbours.removed.length +
      trespasses.outside.length;
    recordFigures('hostile input', 'llm-cache', {
      ...tally.figures(),
      lost: touched,
      detail: `prompts, model settings, answers and prefixes from the hostile corpus (fast-check seed ${SEED}), lone-surrogate lookalikes, 1 MB prompts, settings and answers; clear() between cases; neighbour keys and a longer prefix's cache untouched (${touched} changed); ACL LOG of the prefix-only user: ${trespasses.refusals.length} refusals; KEYS/FLUSH*: ${trespasses.forbidden.length}`,
    });
    expect(trespasses).toEqual({
      neighbours: { added: [], changed: [], removed: [] },
      outside: [],
      refusals: [],
      forbidden: [],
    });
  });
});
