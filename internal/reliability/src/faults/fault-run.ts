import { setTimeout as sleep } from 'node:timers/promises';
import { RedisOperationError, type RedisStoreError } from '@x/redis-core';

/** Where a run stands relative to the fault. */
export const PHASE = {
  /** The server works. */
  before: 'before',
  /** The fault is on: the server is killed, paused, or full. */
  during: 'during',
  /** The fault is over (the server restarted or resumed); the app was not restarted. */
  after: 'after',
} as const;

/** One of the {@link PHASE} values. */
export type Phase = (typeof PHASE)[keyof typeof PHASE];

/** How one call ended: a success, or a failure the package promises (named, e.g. `unavailable`). */
export type StepResult = { ok: true } | { ok: false; failure: string };

/** One call of a run. */
export interface Outcome {
  worker: number;
  /** The phase the call started in. */
  phase: Phase;
  /** The phase it ended in. */
  endPhase: Phase;
  /** How long the call took, in milliseconds. */
  ms: number;
  result: StepResult;
}

/** The fault and how long each phase lasts. */
export interface FaultTimeline {
  /** Milliseconds of work before the fault. */
  beforeMs: number;
  /** Milliseconds the fault lasts. */
  duringMs: number;
  /** Milliseconds of work after the fault, once every worker has succeeded again. */
  afterMs: number;
  /** Starts the fault (kill, pause). */
  inject(): Promise<void>;
  /** Ends it (restart, resume). */
  heal(): Promise<void>;
  /** Milliseconds a worker waits between calls, as an app's own pace. @default 10 */
  paceMs?: number;
}

/** What a run did. */
export interface FaultRun {
  outcomes: Outcome[];
  /** Milliseconds from the end of the fault to the first success of the slowest worker. */
  recoveredAfterMs: number;
}

/** A call of a worker: its number, its call count so far, and the phase it starts in. */
export type Step = (worker: number, sequence: number, phase: Phase) => Promise<StepResult>;

/** The longest a run waits for every worker to succeed again after the fault, in ms. */
const RECOVERY_LIMIT_MS = 15_000;

/**
 * Runs `workers` loops of `step` through a fault: before it, during it and after it, without
 * recreating anything. Every call's phase, duration and result are kept. A step throws only
 * for what the package does not promise, which ends the run with that error.
 */
export async function runThroughFault(
  timeline: FaultTimeline,
  workers: number,
  step: Step,
): Promise<FaultRun> {
  const outcomes: Outcome[] = [];
  let phase: Phase = PHASE.before;
  let stopped = false;
  let healedAt = 0;
  const recoveredAt = new Array<number>(workers).fill(0);
  const loop = async (worker: number) => {
    for (let sequence = 0; !stopped; sequence++) {
      const startPhase = phase;
      const started = performance.now();
      const result = await step(worker, sequence, startPhase);
      const ms = performance.now() - started;
      outcomes.push({ worker, phase: startPhase, endPhase: phase, ms, result });
      if (result.ok && startPhase === PHASE.after && recoveredAt[worker] === 0) {
        recoveredAt[worker] = performance.now();
      }
      await sleep(timeline.paceMs ?? 10);
    }
  };
  const running = Array.from({ length: workers }, (_, worker) => loop(worker));
  const failed = Promise.all(running).then(() => undefined);
  const timeline$ = (async () => {
    await sleep(timeline.beforeMs);
    await timeline.inject();
    phase = PHASE.during;
    await sleep(timeline.duringMs);
    // The fault ends as the heal starts: a restarted server may answer before restart() returns.
    phase = PHASE.after;
    healedAt = performance.now();
    await timeline.heal();
    const deadline = healedAt + RECOVERY_LIMIT_MS;
    while (!stopped && recoveredAt.some((at) => at === 0) && performance.now() < deadline) {
      await sleep(20);
    }
    if (!stopped) await sleep(timeline.afterMs);
  })();
  try {
    // A step that throws ends the run at once, with its error.
    await Promise.race([timeline$, failed]);
  } finally {
    stopped = true;
    await Promise.allSettled(running);
    await timeline$.catch(() => {});
  }
  await Promise.all(running);
  if (recoveredAt.some((at) => at === 0)) {
    throw new Error(`a worker did not succeed again within ${RECOVERY_LIMIT_MS} ms of the heal`);
  }
  return { outcomes, recoveredAfterMs: Math.max(...recoveredAt) - healedAt };
}

/** A success. */
export const OK: StepResult = { ok: true };

/**
 * The expected failure `error` is, when it is a `RedisOperationError` with one of `reasons`;
 * anything else is rethrown, so that the run fails with it.
 */
export function expectedFailure(error: unknown, reasons: readonly string[]): StepResult {
  if (RedisOperationError.isInstance(error) && reasons.includes(error.reason)) {
    return { ok: false, failure: `RedisOperationError ${error.reason}` };
  }
  throw error;
}

/** Runs one call: OK when it succeeds, else {@link expectedFailure} of what it threw. */
export async function attempt(
  call: () => Promise<unknown>,
  reasons: readonly string[],
): Promise<StepResult> {
  try {
    await call();
    return OK;
  } catch (error) {
    return expectedFailure(error, reasons);
  }
}

/** Like {@link expectedFailure}, for what a cache reported to `onError` during one call. */
export function reportedFailure(
  errors: readonly RedisStoreError[],
  reasons: readonly string[],
): StepResult {
  const [first] = errors;
  if (first === undefined) return OK;
  for (const error of errors) expectedFailure(error, reasons);
  return expectedFailure(first, reasons);
}

/** Counts of a run for its figures, and the slowest call per phase. */
export function summarize(outcomes: readonly Outcome[]) {
  const failures = new Map<string, number>();
  let succeeded = 0;
  const slowest: Record<Phase, number> = { before: 0, during: 0, after: 0 };
  for (const { result, phase, ms } of outcomes) {
    slowest[phase] = Math.max(slowest[phase], ms);
    if (result.ok) succeeded++;
    else failures.set(result.failure, (failures.get(result.failure) ?? 0) + 1);
  }
  return {
    /** What the figures of the scenario count. */
    counts: {
      attempted: outcomes.length,
      succeeded,
      failedAsExpected: outcomes.length - succeeded,
      expectedFailure: [...failures].map(([failure, count]) => `${count} ${failure}`).join(', '),
    },
    /** The slowest call of each phase, in milliseconds. */
    slowest,
    /** The slowest call of the run, in whole milliseconds. */
    slowestMs: Math.round(Math.max(...Object.values(slowest))),
    /** Calls that started and ended while the fault was on. */
    duringCalls: outcomes.filter(isDuring).length,
  };
}

/** Whether a call started and ended while the fault was on. */
export function isDuring(outcome: Outcome): boolean {
  return outcome.phase === PHASE.during && outcome.endPhase === PHASE.during;
}
