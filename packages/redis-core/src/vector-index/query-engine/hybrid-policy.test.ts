import { describe, expect, test } from 'vitest';
import { keys, layout, query, schema } from '../../../test/query-engine-fixtures.js';
import { resolveSchema } from '../resolve-schema.js';
import {
  HybridPolicyPlanner,
  prefersBatches,
  STATISTICS_TTL_MS,
  serverIgnoresShare,
} from './hybrid-policy.js';
import { searchCommand } from './query-engine-commands.js';

describe('prefersBatches', () => {
  test('from 20·√N matching documents of N, and never under 1,000', () => {
    expect(prefersBatches(2_000, 10_000)).toBe(true);
    expect(prefersBatches(1_999, 10_000)).toBe(false);
    expect(prefersBatches(4_473, 50_000)).toBe(true);
    expect(prefersBatches(2_500, 50_000)).toBe(false);
    expect(prefersBatches(999, 999)).toBe(false);
    expect(prefersBatches(1_000, 1_000)).toBe(true);
  });
});

describe('serverIgnoresShare', () => {
  test('up to 30,000 vectors, and up to 300,000 for k above 12; from 76 dimensions and M 11', () => {
    const shape = { k: 4, dimension: 512, m: 16 };
    expect(serverIgnoresShare({ ...shape, indexSize: 30_000 })).toBe(true);
    expect(serverIgnoresShare({ ...shape, indexSize: 30_001, k: 12 })).toBe(false);
    expect(serverIgnoresShare({ ...shape, indexSize: 300_000, k: 13 })).toBe(true);
    expect(serverIgnoresShare({ ...shape, indexSize: 300_001, k: 16 })).toBe(false);
    expect(serverIgnoresShare({ ...shape, indexSize: 10_000, dimension: 75 })).toBe(false);
    expect(serverIgnoresShare({ ...shape, indexSize: 10_000, m: 10 })).toBe(false);
  });
});

/** A KNN the server brute-forces up to 30,000 vectors (k 10: not beyond). */
const SHAPE = { k: 10, dimension: 512, m: 16 };
/** The same, with k above 12: brute-forced up to 300,000. */
const WIDE_K = { ...SHAPE, k: 16 };

/** Lets the planner's background work (the index's size, counts) settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A planner over counts and a size the test sets, with a clock it moves. */
function planner(counts: Record<string, number | Error>, sizes: { size: number | Error }) {
  const clock = { now: 0 };
  const asked: string[] = [];
  const plan = new HybridPolicyPlanner({
    count: async (filter) => {
      asked.push(filter);
      const count = counts[filter];
      if (count instanceof Error) throw count;
      return count ?? 0;
    },
    size: async () => {
      asked.push('size');
      if (sizes.size instanceof Error) throw sizes.size;
      return sizes.size;
    },
    now: () => clock.now,
    later: (work) => queueMicrotask(work),
  });
  return { plan, clock, asked };
}

describe('HybridPolicyPlanner', () => {
  test('leaves the choice to the server until it knows, then asks for batches where they win', async () => {
    const { plan, asked } = planner({ wide: 9_000, narrow: 50 }, { size: 10_000 });
    expect(plan.useBatches('wide', SHAPE)).toBe(false);
    await settle();
    expect(asked).toEqual(['size']);
    expect(plan.useBatches('wide', SHAPE)).toBe(false);
    expect(plan.useBatches('narrow', SHAPE)).toBe(false);
    await settle();
    expect(plan.useBatches('wide', SHAPE)).toBe(true);
    expect(plan.useBatches('narrow', SHAPE)).toBe(false);
    expect(asked).toEqual(['size', 'wide', 'narrow']);
  });

  test('never counts where the server weighs the share itself', async () => {
    const { plan, asked } = planner({ wide: 90_000 }, { size: 100_000 });
    plan.useBatches('wide', SHAPE);
    await settle();
    expect(plan.useBatches('wide', SHAPE)).toBe(false);
    await settle();
    expect(asked).toEqual(['size']);
    // k above 12: the server brute-forces up to 300,000 vectors.
    plan.useBatches('wide', WIDE_K);
    await settle();
    expect(plan.useBatches('wide', WIDE_K)).toBe(true);
    expect(asked).toEqual(['size', 'wide']);
  });

  test('counts one filter once at a time, and again only when its count is stale', async () => {
    const { plan, clock, asked } = planner({ wide: 9_000 }, { size: 10_000 });
    plan.useBatches('wide', SHAPE);
    await settle();
    plan.useBatches('wide', SHAPE);
    plan.useBatches('wide', SHAPE);
    await settle();
    expect(asked).toEqual(['size', 'wide']);
    clock.now = STATISTICS_TTL_MS - 1;
    expect(plan.useBatches('wide', SHAPE)).toBe(true);
    await settle();
    expect(asked).toEqual(['size', 'wide']);
    clock.now = STATISTICS_TTL_MS;
    expect(plan.useBatches('wide', SHAPE)).toBe(true);
    await settle();
    expect(asked.slice(2).sort()).toEqual(['size', 'wide']);
  });

  test('a count that fails leaves the choice to the server, and is not retried at every query', async () => {
    const counts: Record<string, number | Error> = { wide: 9_000 };
    const { plan, clock, asked } = planner(counts, { size: 10_000 });
    plan.useBatches('wide', SHAPE);
    await settle();
    await plan.refresh('wide');
    counts.wide = new Error('the server is away');
    clock.now = STATISTICS_TTL_MS;
    expect(plan.useBatches('wide', SHAPE)).toBe(true);
    await settle();
    asked.length = 0;
    expect(plan.useBatches('wide', SHAPE)).toBe(false);
    counts.other = new Error('the server is away');
    expect(plan.useBatches('other', SHAPE)).toBe(false);
    await settle();
    expect(plan.useBatches('other', SHAPE)).toBe(false);
    await settle();
    expect(asked).toEqual(['other']);
  });

  test('an index whose size cannot be read is left to the server, and asked again in time', async () => {
    const sizes: { size: number | Error } = { size: new Error('no such index') };
    const { plan, clock, asked } = planner({ wide: 9_000 }, sizes);
    expect(plan.useBatches('wide', SHAPE)).toBe(false);
    await settle();
    expect(plan.useBatches('wide', SHAPE)).toBe(false);
    await settle();
    expect(asked).toEqual(['size']);
    sizes.size = 10_000;
    clock.now = STATISTICS_TTL_MS;
    plan.useBatches('wide', SHAPE);
    await settle();
    plan.useBatches('wide', SHAPE);
    await settle();
    expect(plan.useBatches('wide', SHAPE)).toBe(true);
    expect(asked).toEqual(['size', 'size', 'wide']);
  });

  test('forgets what it learnt when told, even a count under way', async () => {
    const { plan, asked } = planner({ wide: 9_000 }, { size: 10_000 });
    await plan.refresh('wide');
    plan.useBatches('wide', SHAPE);
    await settle();
    expect(plan.useBatches('wide', SHAPE)).toBe(true);
    const counting = plan.refresh('other');
    plan.forget();
    await counting;
    // Counted again before batches are asked for.
    expect(plan.useBatches('wide', SHAPE)).toBe(false);
    await settle();
    await settle();
    expect(plan.useBatches('wide', SHAPE)).toBe(true);
    expect(asked.filter((what) => what === 'wide')).toEqual(['wide', 'wide']);
  });

  test('a count source that throws at once is caught like one that rejects', async () => {
    const plan = new HybridPolicyPlanner({
      count: () => {
        throw new Error('at once');
      },
      size: async () => 10_000,
      later: (work) => queueMicrotask(work),
    });
    await plan.refresh('wide');
    await plan.refresh('wide');
    expect(plan.useBatches('wide', SHAPE)).toBe(false);
  });

  test('the narrower a filter becomes, the sooner the server decides again', async () => {
    const counts: Record<string, number | Error> = { tenant: 9_000 };
    const { plan, clock } = planner(counts, { size: 10_000 });
    await plan.refresh('tenant');
    expect(plan.useBatches('tenant', SHAPE)).toBe(true);
    counts.tenant = 20;
    clock.now = STATISTICS_TTL_MS;
    await plan.refresh('tenant');
    expect(plan.useBatches('tenant', SHAPE)).toBe(false);
  });

  test('forgets the oldest filter past 1,000', async () => {
    const counts: Record<string, number> = {};
    for (let index = 0; index <= 1_000; index++) counts[`f${index}`] = 9_000;
    const { plan, asked } = planner(counts, { size: 10_000 });
    for (let index = 0; index <= 1_000; index++) await plan.refresh(`f${index}`);
    asked.length = 0;
    expect(plan.useBatches('f1000', SHAPE)).toBe(true);
    expect(plan.useBatches('f1', SHAPE)).toBe(true);
    expect(plan.useBatches('f0', SHAPE)).toBe(false);
    await settle();
    expect(asked).toEqual(['f0']);
  });
});

describe('the KNN clause', () => {
  test('batches are asked for a filtered KNN on HNSW only', () => {
    const filtered = { ...query, filter: '@genre:{a}', batches: true };
    expect(searchCommand(keys, schema, filtered, layout)[2]).toBe(
      '(@genre:{a})=>[KNN 3 @vector $vector EF_RUNTIME $ef HYBRID_POLICY BATCHES AS __distance]',
    );
    expect(searchCommand(keys, schema, { ...query, batches: true }, layout)[2]).toBe(
      '*=>[KNN 3 @vector $vector EF_RUNTIME $ef AS __distance]',
    );
    const flat = resolveSchema({ dimension: 2, algorithm: 'FLAT' });
    expect(searchCommand(keys, flat, filtered, layout)[2]).toBe(
      '(@genre:{a})=>[KNN 3 @vector $vector AS __distance]',
    );
  });
});
