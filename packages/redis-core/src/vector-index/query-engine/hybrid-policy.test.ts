import { describe, expect, test } from 'vitest';
import { HybridPolicyPlanner, prefersBatches, STATISTICS_TTL_MS } from './hybrid-policy.js';

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

/** A planner over counts the test sets, with a clock it moves. */
function planner(counts: Record<string, number | Error>, size = 10_000) {
  const clock = { now: 0 };
  const asked: string[] = [];
  const plan = new HybridPolicyPlanner({
    count: async (filter) => {
      asked.push(filter);
      const count = counts[filter];
      if (count instanceof Error) throw count;
      return count ?? 0;
    },
    size: async () => size,
    now: () => clock.now,
  });
  return { plan, clock, asked };
}

describe('HybridPolicyPlanner', () => {
  test('leaves the choice to the server until it has counted, then asks for batches where they win', async () => {
    const { plan, asked } = planner({ wide: 9_000, narrow: 50 });
    expect(plan.useBatches('wide')).toBe(false);
    expect(plan.useBatches('narrow')).toBe(false);
    await Promise.all([plan.refresh('wide'), plan.refresh('narrow')]);
    expect(plan.useBatches('wide')).toBe(true);
    expect(plan.useBatches('narrow')).toBe(false);
    expect(asked).toEqual(['wide', 'narrow']);
  });

  test('counts one filter once at a time, and again only when its count is stale', async () => {
    const { plan, clock, asked } = planner({ wide: 9_000 });
    plan.useBatches('wide');
    plan.useBatches('wide');
    await plan.refresh('wide');
    expect(asked).toEqual(['wide']);
    clock.now = STATISTICS_TTL_MS - 1;
    expect(plan.useBatches('wide')).toBe(true);
    expect(asked).toEqual(['wide']);
    clock.now = STATISTICS_TTL_MS;
    expect(plan.useBatches('wide')).toBe(true);
    await plan.refresh('wide');
    expect(asked).toEqual(['wide', 'wide']);
  });

  test('a count that fails keeps what was known, and never fails a query', async () => {
    const counts: Record<string, number | Error> = { wide: 9_000 };
    const { plan, clock, asked } = planner(counts);
    await plan.refresh('wide');
    counts.wide = new Error('the server is away');
    clock.now = STATISTICS_TTL_MS;
    expect(plan.useBatches('wide')).toBe(true);
    await plan.refresh('wide');
    expect(plan.useBatches('wide')).toBe(true);
    counts.other = new Error('the server is away');
    expect(plan.useBatches('other')).toBe(false);
    await plan.refresh('other');
    asked.length = 0;
    expect(plan.useBatches('other')).toBe(false);
    // Not asked again before the count's time is up.
    expect(asked).toEqual([]);
  });

  test('the narrower a filter becomes, the sooner the server decides again', async () => {
    const counts: Record<string, number | Error> = { tenant: 9_000 };
    const { plan, clock } = planner(counts);
    await plan.refresh('tenant');
    expect(plan.useBatches('tenant')).toBe(true);
    counts.tenant = 20;
    clock.now = STATISTICS_TTL_MS;
    await plan.refresh('tenant');
    expect(plan.useBatches('tenant')).toBe(false);
  });

  test('forgets the oldest filter past 1,000', async () => {
    const counts: Record<string, number> = {};
    for (let index = 0; index <= 1_000; index++) counts[`f${index}`] = 9_000;
    const { plan, asked } = planner(counts);
    for (let index = 0; index <= 1_000; index++) await plan.refresh(`f${index}`);
    asked.length = 0;
    expect(plan.useBatches('f1000')).toBe(true);
    expect(plan.useBatches('f1')).toBe(true);
    expect(plan.useBatches('f0')).toBe(false);
    expect(asked).toEqual(['f0']);
  });
});
