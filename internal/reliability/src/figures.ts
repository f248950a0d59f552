import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where each run's figures go, one JSON line per scenario, for `scripts/figures.mjs`. */
export const FIGURES_FILE = fileURLToPath(
  new URL('../node_modules/.reliability/figures.jsonl', import.meta.url),
);

/** What one scenario did, as RELIABILITY.md publishes it. */
export interface ScenarioFigures {
  /** Operations the scenario attempted. */
  attempted: number;
  /** Operations that succeeded (acknowledged, or answered right). */
  succeeded: number;
  /** Operations that failed the way the package promises (typed error, miss, skipped write). */
  failedAsExpected: number;
  /** What those failures were, e.g. `RedisOperationError unavailable`. */
  expectedFailure: string;
  /** Acknowledged writes missing or changed afterwards; the scenario's test fails unless 0. */
  lost: number;
  /** More facts worth printing: bounds, in-doubt writes, keys per node... */
  detail?: string;
}

/** One printed line of figures: what RELIABILITY.md's table is made of. */
export interface FiguresRecord extends ScenarioFigures {
  /** The group of scenarios (`faults`, `concurrency`, `hostile input`, `acl`, `tls`, `cluster`). */
  area: string;
  /** The scenario, e.g. `kill/restart chat-history`. */
  scenario: string;
}

/** The line printed for a record; RELIABILITY.md's figures are these lines. */
export function formatFigures(record: FiguresRecord): string {
  const failed =
    record.failedAsExpected === 0
      ? '0 failed'
      : `${record.failedAsExpected} failed as expected (${record.expectedFailure})`;
  const detail = record.detail === undefined ? '' : `; ${record.detail}`;
  return `[reliability] ${record.area} / ${record.scenario}: ${record.attempted} attempted, ${record.succeeded} succeeded, ${failed}, ${record.lost} lost${detail}`;
}

/**
 * Prints a scenario's figures and appends them to {@link FIGURES_FILE}. Every attempted
 * operation must be counted once, as a success or an expected failure: anything else is a
 * mistake in the scenario.
 *
 * @throws {Error} when the counts do not add up.
 */
export function recordFigures(area: string, scenario: string, figures: ScenarioFigures): void {
  if (figures.succeeded + figures.failedAsExpected !== figures.attempted) {
    throw new Error(
      `figures of "${scenario}" do not add up: ${figures.succeeded} + ${figures.failedAsExpected} ≠ ${figures.attempted}`,
    );
  }
  const record: FiguresRecord = { area, scenario, ...figures };
  console.log(formatFigures(record));
  mkdirSync(dirname(FIGURES_FILE), { recursive: true });
  appendFileSync(FIGURES_FILE, `${JSON.stringify(record)}\n`);
}
