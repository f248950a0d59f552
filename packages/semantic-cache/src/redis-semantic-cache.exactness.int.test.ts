import { redisTest, seededRandom } from '@x/test-utils';
import { expect } from 'vitest';
import { cacheFor, describeEachEngine, LLM, TableEmbeddings } from '../test/test-helpers.js';

const ENTRIES = 1000;
const DIMENSION = 64;
const THRESHOLD = 0.2;

function normalize(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** A unit vector at exactly `distance` (cosine) from the unit vector `from`. */
function atDistanceFrom(from: number[], distance: number, next: () => number): number[] {
  const direction = from.map(() => gaussian(next));
  const along = direction.reduce((sum, value, index) => sum + value * (from[index] as number), 0);
  const orthogonal = normalize(
    direction.map((value, index) => value - along * (from[index] as number)),
  );
  const cosine = 1 - distance;
  const sine = Math.sqrt(1 - cosine * cosine);
  return from.map((value, index) => cosine * value + sine * (orthogonal[index] as number));
}

/**
 * 1,000 entries crowded around one point (so that every query's nearest neighbours overall
 * belong to other partitions), each alone in its partition: half under a model string of their
 * own, half under a scope of their own. Every prompt within the threshold of its entry must hit
 * it, and every prompt beyond it must miss: what an exact scan of the partition would decide.
 */
describeEachEngine('RedisSemanticCache finds every entry within the threshold', (engine) => {
  redisTest(
    '1,000 partitions of one entry: a lookup hits exactly when its entry is within the threshold',
    { timeout: 120_000 },
    async ({ redis }) => {
      const next = seededRandom(20261206);
      const center = normalize(Array.from({ length: DIMENSION }, () => gaussian(next)));
      const embeddings = new TableEmbeddings({});
      const cache = cacheFor(redis, engine, {
        embeddings,
        distanceThreshold: THRESHOLD,
        verifiers: [],
        timeoutMs: 30_000,
      });
      const partitions = Array.from({ length: ENTRIES }, (_, index) => {
        const entry = atDistanceFrom(center, 0.05 + 0.1 * next(), next);
        // Inside: up to 0.95 of the threshold; outside: from 1.1 times it.
        const inside = index % 4 !== 3;
        const distance = inside ? 0.01 + 0.94 * THRESHOLD * next() : THRESHOLD * (1.1 + next());
        embeddings.set(`entry ${index}`, entry);
        embeddings.set(`query ${index}`, atDistanceFrom(entry, distance, next));
        const llm = index % 2 === 0 ? `${LLM.slice(0, -2)},"seed":${index}}}` : LLM;
        const view = index % 2 === 0 ? cache : cache.withScope({ user: String(index) });
        return { index, inside, llm, view };
      });
      for (let start = 0; start < ENTRIES; start += 50) {
        await Promise.all(
          partitions
            .slice(start, start + 50)
            .map(({ index, llm, view }) =>
              view.update(`entry ${index}`, llm, [{ text: `answer ${index}` }]),
            ),
        );
      }
      const wrong: string[] = [];
      for (const { index, inside, llm, view } of partitions) {
        const found = await view.lookup(`query ${index}`, llm);
        const text = found?.[0]?.text ?? null;
        if (text !== (inside ? `answer ${index}` : null)) {
          wrong.push(`query ${index} (${inside ? 'inside' : 'outside'}): got ${text}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(cache.stats()).toMatchObject({ errors: 0 });
    },
  );
});
