/**
 * How much the default hit verifiers of the semantic cache add to a plain distance threshold, on
 * the hand-written prompt pairs: hits, precision and recall per threshold with distance alone and
 * with the verifiers, which verifier refused which kind of pair, and what verification costs.
 *
 * Run: `pnpm --filter @x/bench exec tsx src/quality/verifier-sweep.ts [--part dev|held-out]`
 * (default `dev`). `--part held-out` prints aggregate tables only, never a prompt: the held-out
 * part is measured once, after the verifiers are final (see the dataset's README).
 */
import { parseArgs } from 'node:util';
import { OfflineEmbeddings } from '@x/offline-embeddings';
import {
  DEFAULT_VERIFIERS,
  type HitVerifier,
  runVerifiers,
  type VerificationResult,
} from '@x/semantic-cache/verifiers';
import {
  type PartSweep,
  type ScoredPromptPair,
  SWEEP_THRESHOLDS,
  scorePromptPairs,
  sweepPart,
} from './distance-sweep.js';
import { loadPromptPairs, NEAR_MISS_KINDS, PROMPT_PAIR_LABEL } from './prompt-pairs.js';
import { RECOMMENDED_THRESHOLD } from './semantic-cache-quality.js';

/** What the verifiers decided for one pair, and how long they took. */
interface Verdict {
  readonly result: VerificationResult;
  /** Wall-clock milliseconds. */
  readonly elapsed: number;
  /** Milliseconds of CPU this process spent: unlike wall time, other processes do not add to it. */
  readonly cpu: number;
}

async function verifyAll(
  scored: readonly ScoredPromptPair[],
  verifiers: readonly HitVerifier[],
): Promise<Verdict[]> {
  const candidateOf = (pair: ScoredPromptPair, suffix = '') => ({
    prompt: `${pair.b}${suffix}`,
    cached: { prompt: `${pair.a}${suffix}`, llmString: '', distance: pair.distance },
  });
  // Warm the JIT on altered copies, so the timed run still analyses every prompt for the first
  // time, as a lookup with a new prompt does.
  for (const [index, pair] of scored.entries()) {
    await runVerifiers(verifiers, candidateOf(pair, ` ${index}`));
  }
  const verdicts: Verdict[] = [];
  for (const pair of scored) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const result = await runVerifiers(verifiers, candidateOf(pair));
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    verdicts.push({ result, elapsed, cpu: (cpu.user + cpu.system) / 1000 });
  }
  return verdicts;
}

function quantile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

function printSweep(alone: PartSweep, verified: PartSweep): void {
  console.table(
    alone.rows.map((row, index) => {
      const withVerifiers = verified.rows[index] ?? row;
      return {
        threshold: row.threshold.toFixed(3),
        'hits (distance)': row.hits,
        'wrong (distance)': row.hits - row.paraphraseHits,
        'precision (distance)': percent(row.precision),
        'recall (distance)': percent(row.recall),
        'hits (verified)': withVerifiers.hits,
        'wrong (verified)': withVerifiers.hits - withVerifiers.paraphraseHits,
        'precision (verified)': percent(withVerifiers.precision),
        'recall (verified)': percent(withVerifiers.recall),
      };
    }),
  );
}

function printRejections(
  scored: readonly ScoredPromptPair[],
  verdicts: readonly Verdict[],
  verifiers: readonly HitVerifier[],
  threshold: number,
): void {
  const kinds = [PROMPT_PAIR_LABEL.paraphrase, ...NEAR_MISS_KINDS, PROMPT_PAIR_LABEL.unrelated];
  const table: Record<string, Record<string, number>> = {};
  for (const kind of kinds) {
    table[kind] = { 'within threshold': 0, served: 0 };
    for (const verifier of verifiers) (table[kind] as Record<string, number>)[verifier.name] = 0;
  }
  for (const [index, pair] of scored.entries()) {
    const row = table[pair.kind];
    const result = verdicts[index]?.result;
    if (row === undefined || result === undefined || pair.distance > threshold) continue;
    row['within threshold'] = (row['within threshold'] ?? 0) + 1;
    const column = result.pass ? 'served' : result.verifier;
    row[column] = (row[column] ?? 0) + 1;
  }
  console.log(`\nrefusals by kind at threshold ${threshold} (first verifier to refuse):`);
  console.table(table);
}

function printCost(verdicts: readonly Verdict[]): void {
  const micro = (milliseconds: number) => `${(milliseconds * 1000).toFixed(1)} µs`;
  const line = (name: string, times: number[]) => {
    const sorted = times.sort((left, right) => left - right);
    return `  ${name}: p50 ${micro(quantile(sorted, 0.5))}, p99 ${micro(quantile(sorted, 0.99))}`;
  };
  console.log(
    `\nverification time per candidate (${verdicts.length}, both prompts analysed afresh):`,
  );
  console.log(
    line(
      'wall',
      verdicts.map((verdict) => verdict.elapsed),
    ),
  );
  console.log(
    line(
      'cpu ',
      verdicts.map((verdict) => verdict.cpu),
    ),
  );
}

/** The errors left at `threshold`, by prompt: for the dev part only. */
function printErrors(
  scored: readonly ScoredPromptPair[],
  verdicts: readonly Verdict[],
  threshold: number,
): void {
  console.log(`\ndev errors at threshold ${threshold}:`);
  for (const [index, pair] of scored.entries()) {
    const result = verdicts[index]?.result;
    if (result === undefined || pair.distance > threshold) continue;
    const isParaphrase = pair.label === PROMPT_PAIR_LABEL.paraphrase;
    if (isParaphrase && !result.pass) {
      console.log(`  refused paraphrase [${result.verifier}: ${result.reason}]`);
    } else if (!isParaphrase && result.pass) {
      console.log(`  served ${pair.kind}`);
    } else continue;
    console.log(`    cached: ${pair.a}\n    prompt: ${pair.b}`);
  }
}

const { values } = parseArgs({ options: { part: { type: 'string', default: 'dev' } } });
const part = values.part;
if (part !== 'dev' && part !== 'held-out') {
  throw new Error(`--part must be "dev" or "held-out", not "${part}"`);
}
const scored = await scorePromptPairs(loadPromptPairs(part), new OfflineEmbeddings());
const verdicts = await verifyAll(scored, DEFAULT_VERIFIERS);
const refusedFarAway = scored.map((pair, index) =>
  verdicts[index]?.result.pass ? pair : { ...pair, distance: Number.POSITIVE_INFINITY },
);
console.log(`${part}: ${scored.length} pairs, default verifiers`);
printSweep(sweepPart(scored, SWEEP_THRESHOLDS), sweepPart(refusedFarAway, SWEEP_THRESHOLDS));
printRejections(scored, verdicts, DEFAULT_VERIFIERS, RECOMMENDED_THRESHOLD);
printCost(verdicts);
if (part === 'dev') printErrors(scored, verdicts, RECOMMENDED_THRESHOLD);
