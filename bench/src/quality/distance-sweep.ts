/**
 * How well a plain distance threshold separates paraphrases from near-misses, on the
 * hand-written prompt pairs. Run: `pnpm --filter @x/bench exec tsx src/quality/distance-sweep.ts`
 * (prints both parts and writes `bench/results/prompt-pairs-distance.json`, which git ignores).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { cosineDistance, OfflineEmbeddings } from '@x/offline-embeddings';
import { REPOSITORY_ROOT } from '@x/test-utils/servers';
import {
  loadPromptPairs,
  NEAR_MISS_KINDS,
  PROMPT_PAIR_LABEL,
  type PromptPair,
  type PromptPairLabel,
} from './prompt-pairs.js';

/** A prompt pair with the cosine distance between the embeddings of its two prompts. */
export interface ScoredPromptPair extends PromptPair {
  /** Cosine distance, 0 (same direction) to 2. */
  readonly distance: number;
}

/** What a cache that serves every pair at or below `threshold` would do. */
export interface ThresholdRow {
  /** Cosine distance at or below which the cache serves a hit. */
  readonly threshold: number;
  /** Pairs served as hits, whatever their label. */
  readonly hits: number;
  readonly paraphraseHits: number;
  readonly nearMissHits: number;
  readonly unrelatedHits: number;
  /** Share of hits that are paraphrases (right answers); `null` when nothing is served. */
  readonly precision: number | null;
  /** Share of paraphrases served as hits. */
  readonly recall: number;
  /** Near-miss hits (wrong answers served) per kind. */
  readonly nearMissHitsByKind: Readonly<Record<string, number>>;
}

/** Count and spread of the distances of one group of pairs. */
export interface DistanceSummary {
  readonly count: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The sweep over one part of the set. */
export interface PartSweep {
  readonly pairs: number;
  readonly rows: readonly ThresholdRow[];
  /** Per label (`paraphrase`, `near-miss`, `unrelated`). */
  readonly byLabel: Readonly<Record<string, DistanceSummary>>;
  /** Per near-miss kind. */
  readonly byNearMissKind: Readonly<Record<string, DistanceSummary>>;
}

/** The sweep over both parts, with the model that embedded them. */
export interface DistanceSweep {
  readonly model: string;
  readonly thresholds: readonly number[];
  readonly parts: { readonly dev: PartSweep; readonly 'held-out': PartSweep };
}

/** 0.05 to 0.40 by 0.025 (rounded, so the values print and compare exactly). */
export const SWEEP_THRESHOLDS: readonly number[] = Array.from(
  { length: 15 },
  (_, index) => Math.round((0.05 + index * 0.025) * 1000) / 1000,
);

/** Embeds every distinct prompt once and scores each pair with the cosine distance. */
export async function scorePromptPairs(
  pairs: readonly PromptPair[],
  embeddings: EmbeddingsInterface,
): Promise<ScoredPromptPair[]> {
  const texts = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))];
  const vectors = await embeddings.embedDocuments(texts);
  const vectorOf = new Map(texts.map((text, index) => [text, vectors[index] ?? []]));
  return pairs.map((pair) => ({
    ...pair,
    distance: cosineDistance(vectorOf.get(pair.a) ?? [], vectorOf.get(pair.b) ?? []),
  }));
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function summarize(distances: readonly number[]): DistanceSummary {
  const sorted = [...distances].sort((left, right) => left - right);
  return {
    count: sorted.length,
    median: median(sorted),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

function countWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.reduce((count, item) => count + (predicate(item) ? 1 : 0), 0);
}

/** Hits, precision and recall at each threshold, and the distances per label and kind. */
export function sweepPart(
  scored: readonly ScoredPromptPair[],
  thresholds: readonly number[] = SWEEP_THRESHOLDS,
): PartSweep {
  const isLabel = (label: PromptPairLabel) => (pair: ScoredPromptPair) => pair.label === label;
  const paraphrases = countWhere(scored, isLabel(PROMPT_PAIR_LABEL.paraphrase));
  const rows = thresholds.map((threshold): ThresholdRow => {
    const hits = scored.filter((pair) => pair.distance <= threshold);
    const paraphraseHits = countWhere(hits, isLabel(PROMPT_PAIR_LABEL.paraphrase));
    const nearMisses = hits.filter(isLabel(PROMPT_PAIR_LABEL.nearMiss));
    return {
      threshold,
      hits: hits.length,
      paraphraseHits,
      nearMissHits: nearMisses.length,
      unrelatedHits: countWhere(hits, isLabel(PROMPT_PAIR_LABEL.unrelated)),
      precision: hits.length === 0 ? null : paraphraseHits / hits.length,
      recall: paraphrases === 0 ? 0 : paraphraseHits / paraphrases,
      nearMissHitsByKind: Object.fromEntries(
        NEAR_MISS_KINDS.map((kind) => [kind, countWhere(nearMisses, (pair) => pair.kind === kind)]),
      ),
    };
  });
  const distancesOf = (keep: (pair: ScoredPromptPair) => boolean) =>
    summarize(scored.filter(keep).map((pair) => pair.distance));
  const byLabel = Object.fromEntries(
    Object.values(PROMPT_PAIR_LABEL).map((label) => [label, distancesOf(isLabel(label))]),
  );
  const byNearMissKind = Object.fromEntries(
    NEAR_MISS_KINDS.map((kind) => [kind, distancesOf((pair) => pair.kind === kind)]),
  );
  return { pairs: scored.length, rows, byLabel, byNearMissKind };
}

/**
 * Scores the dev and held-out parts (every prompt embedded once) and sweeps the thresholds.
 * @param embeddings - @default a new `OfflineEmbeddings` (Universal Sentence Encoder lite)
 */
export async function runDistanceSweep(
  embeddings: EmbeddingsInterface = new OfflineEmbeddings(),
  thresholds: readonly number[] = SWEEP_THRESHOLDS,
): Promise<DistanceSweep> {
  const dev = loadPromptPairs('dev');
  const heldOut = loadPromptPairs('held-out');
  const scored = await scorePromptPairs([...dev, ...heldOut], embeddings);
  return {
    model: embeddings.constructor.name,
    thresholds,
    parts: {
      dev: sweepPart(scored.slice(0, dev.length), thresholds),
      'held-out': sweepPart(scored.slice(dev.length), thresholds),
    },
  };
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);
const fixed = (value: number) => value.toFixed(3);

function printPart(name: string, part: PartSweep): void {
  console.log(`\n${name}: ${part.pairs} pairs`);
  console.table(
    part.rows.map((row) => ({
      threshold: fixed(row.threshold),
      hits: row.hits,
      paraphrase: row.paraphraseHits,
      'near-miss': row.nearMissHits,
      unrelated: row.unrelatedHits,
      precision: percent(row.precision),
      recall: percent(row.recall),
    })),
  );
  const summaries = { ...part.byLabel, ...part.byNearMissKind };
  console.table(
    Object.fromEntries(
      Object.entries(summaries).map(([group, summary]) => [
        group === 'near-miss' ? 'near-miss (all)' : group,
        { pairs: summary.count, median: fixed(summary.median), min: fixed(summary.min) },
      ]),
    ),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sweep = await runDistanceSweep();
  printPart('dev', sweep.parts.dev);
  printPart('held-out', sweep.parts['held-out']);
  const directory = `${REPOSITORY_ROOT}/bench/results`;
  mkdirSync(directory, { recursive: true });
  writeFileSync(`${directory}/prompt-pairs-distance.json`, `${JSON.stringify(sweep, null, 2)}\n`);
}
