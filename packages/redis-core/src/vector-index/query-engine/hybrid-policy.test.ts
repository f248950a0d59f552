import { describe, expect, test } from 'vitest';
import {
  HybridPolicyPlanner,
  prefersBatches,
  STATISTICS_TTL_MS,
  serverIgnoresShare,
} from './hybrid-policy.js';

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
  test('up to 30,000 vectors, and up to 300,000 for k above 12', () => {
    expect(serverIgnoresShare(30_000, 4)).toBe(true);
    expect(serverIgnoresShare(30_001, 12)).toBe(false);
    expect(serverIgnoresShare(300_000, 13)).toBe(true);
    expect(serverIgnoresShare(300_001, 16)).toBe(false);
  });
});

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
  });
  return { plan, clock, asked };
}

describe('HybridPolicyPlanner', () => {
  test('leaves the choice to the server until it knows, then asks for batches where they win', async () => {
    const { plan, asked } = planner({ wide: 9_000, narrow: 50 }, { size: 10_000 });
    expect(plan.useBatches('wide', 10)).toBe(false);
    await settle();
    expect(asked).toEqual(['size']);
    expect(plan.useBatches('wide', 10)).toBe(false);
    expect(plan.useBatches('narrow', 10)).toBe(false);
    await settle();
    expect(plan.useBatches('wide', 10)).toBe(true);
    expect(plan.useBatches('narrow', 10)).toBe(false);
    expect(asked).toEqual(['size', 'wide', 'narrow']);
  });

  test('never counts where the server weighs the share itself', async () => {
    const { plan, asked } = planner({ wide: 90_000 }, { size: 100_000 });
    plan.useBatches('wide', 10);
    await settle();
    expect(plan.useBatches('wide', 10)).toBe(false);
    await settle();
    expect(asked).toEqual(['size']);
    // k above 12: the server brute-forces up to 300,000 vectors.
    plan.useBatches('wide', 16);
    await settle();
    expect(plan.useBatches('wide', 16)).toBe(true);
    expect(asked).toEqual(['size', 'wide']);
  });

  test('counts one filter once at a time, and again only when its count is stale', async () => {
    const { plan, clock, asked } = planner({ wide: 9_000 }, { size: 10_000 });
    plan.useBatches('wide', 10);
    await settle();
    plan.useBatches('wide', 10);
    plan.useBatches('wide', 10);
    await settle();
    expect(asked).toEqual(['size', 'wide']);
    clock.now = STATISTICS_TTL_MS - 1;
    expect(plan.useBatches('wide', 10)).toBe(true);
    await settle();
    expect(asked).toEqual(['size', 'wide']);
    clock.now = STATISTICS_TTL_MS;
    expect(plan.useBatches('wide', 10)).toBe(true);
    await settle();
    expect(asked.slice(2).sort()).toEqual(['size', 'wide']);
  });

  test('a count that fails keeps what was known, and is not retried at every query', async () => {
    const counts: Record<string, number | Error> = { wide: 9_000 };
    const { plan, clock, asked } = planner(counts, { size: 10_000 });
    plan.useBatches('wide', 10);
    await settle();
    await plan.refresh('wide');
    counts.wide = new Error('the server is away');
    clock.now = STATISTICS_TTL_MS;
    expect(plan.useBatches('wide', 10)).toBe(true);
    await settle();
    await settle();
    asked.length = 0;
    expect(plan.useBatches('wide', 10)).toBe(true);
    counts.other = new Error('the server is away');
    expect(plan.useBatches('other', 10)).toBe(false);
    await settle();
    expect(plan.useBatches('other', 10)).toBe(false);
    await settle();
    expect(asked).toEqual(['other']);
  });

  test('an index whose size cannot be read is left to the server', async () => {
    const sizes: { size: number | Error } = { size: new Error('no such index') };
    const { plan, asked } = planner({ wide: 9_000 }, sizes);
    expect(plan.useBatches('wide', 10)).toBe(false);
    await settle();
    expect(plan.useBatches('wide', 10)).toBe(false);
    await settle();
    expect(asked.filter((what) => what === 'wide')).toEqual([]);
  });

  test('the narrower a filter becomes, the sooner the server decides again', async () => {
    const counts: Record<string, number | Error> = { tenant: 9_000 };
    const { plan, clock } = planner(counts, { size: 10_000 });
    await plan.refresh('tenant');
    expect(plan.useBatches('tenant', 10)).toBe(true);
    counts.tenant = 20;
    clock.now = STATISTICS_TTL_MS;
    await plan.refresh('tenant');
    expect(plan.useBatches('tenant', 10)).toBe(false);
  });

  test('forgets the oldest filter past 1,000', async () => {
    const counts: Record<string, number> = {};
    for (let index = 0; index <= 1_000; index++) counts[`f${index}`] = 9_000;
    const { plan, asked } = planner(counts, { size: 10_000 });
    for (let index = 0; index <= 1_000; index++) await plan.refresh(`f${index}`);
    asked.length = 0;
    expect(plan.useBatches('f1000', 10)).toBe(true);
    expect(plan.useBatches('f1', 10)).toBe(true);
    expect(plan.useBatches('f0', 10)).toBe(false);
    await settle();
    expect(asked).toEqual(['f0']);
  });
});
