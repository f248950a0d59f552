import { performance } from 'node:perf_hooks';

/** One measured thing: `run` does `operations` operations per call. */
export interface BenchCase {
  /** Shown in the table, e.g. `raw GET + JSON.parse` or `ours: lookup hit`. */
  name: string;
  /** Who it measures: the physical limit, the LangChain package, or ours. */
  kind: 'raw' | 'langchain' | 'ours';
  /** How many operations one call of `run` performs. */
  operations: number;
  run: () => Promise<void>;
}

/** A group of cases compared against one baseline case of the same group. */
export interface BenchGroup {
  /** e.g. `exact cache: lookup hit (1 KB, 64 in flight)`. */
  name: string;
  /** A short name for the chart (about 60 characters), e.g. `exact cache: text hit`. */
  short?: string;
  /** The name of the case every other case's ratio is taken against. */
  baseline: string;
  cases: BenchCase[];
  /** Targets on a case's ratio to the baseline (throughput): see {@link GroupTarget}. */
  targets?: GroupTarget[];
}

/** A target of an issue, as a bound on a case's throughput ratio to its group's baseline. */
export interface GroupTarget {
  case: string;
  min?: number;
  max?: number;
  /** The words for it, shown in the report's table of targets. */
  label: string;
  /**
   * What limits the case, from what the group measured (e.g. a cheaper raw case that isolates a
   * cost): shown in the report when the target is missed.
   */
  limit?: string | ((ratio: (name: string) => number) => string);
}

/** A value a suite measured that is not a throughput ratio: a latency, a recall, a size. */
export interface Measurement {
  suite: string;
  /** e.g. `lookup hit p50`. */
  name: string;
  /** What it was measured on, e.g. `vector-set, 10,000 entries`. */
  scope: string;
  value: number;
  unit: 'ms' | 'docs/s' | 'bytes' | 'share' | 'ratio';
  /** Why it could not be measured here (the value is then NaN). */
  skipped?: string;
  /** The report's table for it, when a suite has several (default: one per suite). */
  table?: string;
  target?: { min?: number; max?: number; label: string; pass?: boolean; limit?: string };
}

/** A suite sets up its data and clients, hands back its groups, and tears down afterwards. */
export interface BenchSuite {
  name: string;
  setup(context: BenchContext): Promise<{ groups: BenchGroup[]; teardown: () => Promise<void> }>;
}

export interface BenchContext {
  url: string;
  quick: boolean;
  /** A key prefix of the suite's own; everything under it is removed after the suite. */
  prefix: string;
  /** Keeps a measurement for the report (its `suite` is filled in). */
  record(measurement: Omit<Measurement, 'suite'>): void;
}

export interface CaseResult {
  name: string;
  kind: BenchCase['kind'];
  /** Operations per second of each repetition. */
  samples: number[];
  median: number;
  min: number;
  max: number;
  /**
   * The median over repetitions of `this repetition / the baseline's same repetition`: above 1
   * is faster than the baseline. Pairing the repetitions cancels drift of the machine.
   */
  ratio: number;
  target?: {
    min?: number;
    max?: number;
    pass: boolean;
    label: string;
    limit?: string;
  };
}

export interface GroupResult {
  suite: string;
  name: string;
  short?: string;
  baseline: string;
  cases: CaseResult[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Runs `task` `total` times with at most `concurrency` calls in flight. */
export async function inFlight(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

/** A case that runs `task` `operations` times with at most `concurrency` calls in flight. */
export function inFlightCase(
  name: string,
  kind: BenchCase['kind'],
  operations: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): BenchCase {
  return { name, kind, operations, run: () => inFlight(operations, concurrency, task) };
}

/**
 * Measures a group: each case warms up, then runs `repetitions` times (at least 5), the cases
 * interleaved so that drift of the machine hits them all alike, and in an order that rotates
 * with each repetition, so that no case always runs first (or always right after the one
 * whose garbage the collector is still clearing).
 */
export async function measureGroup(
  suite: string,
  group: BenchGroup,
  repetitions: number,
): Promise<GroupResult> {
  const samples = new Map<string, number[]>(group.cases.map((benchCase) => [benchCase.name, []]));
  for (const benchCase of group.cases) await benchCase.run();
  for (let repetition = 0; repetition < Math.max(5, repetitions); repetition++) {
    const shift = repetition % group.cases.length;
    const order = [...group.cases.slice(shift), ...group.cases.slice(0, shift)];
    for (const benchCase of order) {
      const start = performance.now();
      await benchCase.run();
      const seconds = (performance.now() - start) / 1000;
      samples.get(benchCase.name)?.push(benchCase.operations / seconds);
    }
  }
  const baseline = samples.get(group.baseline) ?? [];
  const cases = group.cases.map((benchCase): CaseResult => {
    const values = samples.get(benchCase.name) ?? [];
    const result: CaseResult = {
      name: benchCase.name,
      kind: benchCase.kind,
      samples: values,
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      ratio: median(values.map((value, index) => value / (baseline[index] ?? Number.NaN))),
    };
    const target = group.targets?.find((candidate) => candidate.case === benchCase.name);
    if (target) {
      const { case: _, limit: __, ...bounds } = target;
      result.target = { ...bounds, pass: withinBounds(result.ratio, target) };
    }
    return result;
  });
  const ratioOf = (name: string) =>
    cases.find((result) => result.name === name)?.ratio ?? Number.NaN;
  for (const result of cases) {
    const limit = group.targets?.find((candidate) => candidate.case === result.name)?.limit;
    if (result.target && limit) {
      result.target.limit = typeof limit === 'function' ? limit(ratioOf) : limit;
    }
  }
  return {
    suite,
    name: group.name,
    ...(group.short ? { short: group.short } : {}),
    baseline: group.baseline,
    cases,
  };
}

/** Whether `value` lies within the bounds given. */
export function withinBounds(value: number, bounds: { min?: number; max?: number }): boolean {
  return (
    (bounds.min === undefined || value >= bounds.min) &&
    (bounds.max === undefined || value <= bounds.max)
  );
}

/** The share-th quantile of `values` (0.5: the median), by the nearest-rank method. */
export function quantile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

/** Latencies of `task` in milliseconds, `count` calls one at a time, after `warmup` calls. */
export async function latencies(
  count: number,
  task: (index: number) => Promise<unknown>,
  warmup = Math.min(50, count),
): Promise<number[]> {
  for (let index = 0; index < warmup; index++) await task(count + index);
  const durations: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await task(index);
    durations.push(performance.now() - started);
  }
  return durations;
}

/**
 * Latencies of several tasks in milliseconds, `count` calls each, one call at a time and the
 * tasks taking turns, so that drift of the machine hits them all alike.
 */
export async function interleavedLatencies(
  count: number,
  tasks: ((index: number) => Promise<unknown>)[],
  warmup = Math.min(50, count),
): Promise<number[][]> {
  for (let index = 0; index < warmup; index++) {
    for (const task of tasks) await task(count + index);
  }
  const durations = tasks.map((): number[] => []);
  for (let index = 0; index < count; index++) {
    for (const [position, task] of tasks.entries()) {
      const started = performance.now();
      await task(index);
      durations[position]?.push(performance.now() - started);
    }
  }
  return durations;
}
