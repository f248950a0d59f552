import { gateSkipReason, redisTest } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { cacheFor, ENGINES, LLM, OTHER_LLM, TableEmbeddings } from '../test/test-helpers.js';
import type { HitVerifier } from './verifiers/index.js';

// Both engines on one server: Redis 8 full builds, or Redis Stack 8.
const reason = gateSkipReason('query-engine') ?? gateSkipReason('vector-set');
const suite = reason ? describe.skip : describe;
if (reason) console.warn(`[test-utils] skipped "semantic cache engine parity": ${reason}`);

/** A deterministic generator (mulberry32), so that a failure replays. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** `base` nudged by up to `amount` per dimension: a prompt that means nearly the same. */
function near(base: readonly number[], amount: number, random: () => number): number[] {
  return base.map((value) => value + (random() * 2 - 1) * amount);
}

// Refuses every third cached prompt, so that verification takes part in the comparison.
const everyThird: HitVerifier = {
  name: 'every-third',
  verify: ({ cached }) =>
    Number(cached.prompt.split(' ')[1]) % 3 === 0
      ? { pass: false, reason: 'third' }
      : { pass: true },
};

suite(`semantic cache engine parity${reason ? ` [skipped: ${reason}]` : ''}`, () => {
  redisTest('the same entries give the same hits, candidates and distances', async ({ redis }) => {
    const random = seeded(7);
    const table: Record<string, number[]> = {};
    const centres = Array.from({ length: 20 }, () =>
      Array.from({ length: 32 }, () => random() - 0.5),
    );
    const stored: string[] = [];
    centres.forEach((centre, topic) => {
      for (let variant = 0; variant < 5; variant++) {
        const prompt = `entry ${topic * 5 + variant}`;
        table[prompt] = near(centre, 0.08, random);
        stored.push(prompt);
      }
      table[`question ${topic}`] = near(centre, 0.08, random);
    });
    const embeddings = new TableEmbeddings(table);
    const [vectorSet, queryEngine] = ENGINES.map((engine) =>
      cacheFor(
        redis,
        engine,
        { embeddings, verifiers: [everyThird], distanceThreshold: 0.1 },
        `${redis.prefix}:${engine}`,
      ),
    );
    for (const cache of [vectorSet, queryEngine]) {
      for (const [index, prompt] of stored.entries()) {
        const scoped = index % 4 === 0 ? cache?.withScope({ user: 'a' }) : cache;
        await scoped?.update(prompt, index % 7 === 0 ? OTHER_LLM : LLM, [{ text: prompt }]);
      }
    }
    let hits = 0;
    for (let topic = 0; topic < centres.length; topic++) {
      for (const view of [
        (cache: typeof vectorSet) => cache,
        (cache: typeof vectorSet) => cache?.withScope({ user: 'a' }),
      ]) {
        const [left, right] = await Promise.all(
          [vectorSet, queryEngine].map((cache) => view(cache)?.explain(`question ${topic}`, LLM)),
        );
        expect(right?.hit).toBe(left?.hit);
        expect(right?.generations).toEqual(left?.generations);
        expect(right?.candidates.map(({ prompt, outcome }) => [prompt, outcome])).toEqual(
          left?.candidates.map(({ prompt, outcome }) => [prompt, outcome]),
        );
        left?.candidates.forEach((candidate, position) => {
          expect(
            Math.abs(candidate.distance - (right?.candidates[position]?.distance ?? 9)),
          ).toBeLessThan(1e-3);
        });
        expect(Math.abs((left?.nearestDistance ?? 9) - (right?.nearestDistance ?? 9))).toBeLessThan(
          1e-3,
        );
        if (left?.hit) hits++;
      }
    }
    // The comparison means something only if both hits and misses occurred.
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(2 * centres.length);
  });
});
