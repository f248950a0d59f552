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
  /** The name of the case every other case's ratio is taken against. */
  baseline: string;
  cases: BenchCase[];
  /** Optional targets: `{ case, min?, max? }` on the ratio to the baseline (throughput). */
  targets?: { case: string; min?: number; max?: number }[];
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
}

export interface CaseResult {
  name: string;
  kind: BenchCase['kind'];
  /** Operations per second of each repetition. */
  samples: number[];
  median: number;
  min: number;
  max: number;
  /** `median / baseline median`: above 1 is faster than the baseline. */
  ratio: number;
  target?: { min?: number; max?: number; pass: boolean };
}

export interface GroupResult {
  suite: string;
  name: string;
  baseline: string;
  cases: CaseResult[];
}

function median(values: number[]): number {
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

/**
 * Measures a group: each case warms up, then runs `repetitions` times (at least 5), the cases
 * interleaved so that drift of the machine hits them all alike.
 */
export async function measureGroup(
  suite: string,
  group: BenchGroup,
  repetitions: number,
): Promise<GroupResult> {
  const samples = new Map<string, number[]>(group.cases.map((benchCase) => [benchCase.name, []]));
  for (const benchCase of group.cases) await benchCase.run();
  for (let repetition = 0; repetition < Math.max(5, repetitions); repetition++) {
    for (const benchCase of group.cases) {
      const start = performance.now();
      await benchCase.run();
      const seconds = (performance.now() - start) / 1000;
      samples.get(benchCase.name)?.push(benchCase.operations / seconds);
    }
  }
  const baselineMedian = median(samples.get(group.baseline) ?? []);
  const cases = group.cases.map((benchCase): CaseResult => {
    const values = samples.get(benchCase.name) ?? [];
    const result: CaseResult = {
      name: benchCase.name,
      kind: benchCase.kind,
      samples: values,
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      ratio: median(values) / baselineMedian,
    };
    const target = group.targets?.find((candidate) => candidate.case === benchCase.name);
    if (target) {
      const pass =
        (target.min === undefined || result.ratio >= target.min) &&
        (target.max === undefined || result.ratio <= target.max);
      result.target = {
        ...(target.min !== undefined ? { min: target.min } : {}),
        ...(target.max !== undefined ? { max: target.max } : {}),
        pass,
      };
    }
    return result;
  });
  return { suite, name: group.name, baseline: group.baseline, cases };
}
