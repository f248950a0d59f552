/**
 * Precision and recall of the hits of `RedisSemanticCache` on the hand-written prompt pairs,
 * measured through the real cache on a real Redis: for each pair, `update(a)` then `lookup(b)`,
 * each pair under a scope of its own so that pairs never see each other. With the default
 * verifiers and with `verifiers: []`, at each threshold of the sweep. Run alone:
 * `pnpm --filter @x/bench exec tsx src/quality/semantic-cache-quality.ts` (spawns a Redis unless
 * REDIS_URL is set; prints both parts and writes `bench/results/semantic-cache-quality.json`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Embeddings, type EmbeddingsInterface } from '@langchain/core/embeddings';
import { OfflineEmbeddings } from '@x/offline-embeddings';
import { RedisSemanticCache, type VectorEngineOption } from '@x/semantic-cache';
import { DEFAULT_VERIFIERS } from '@x/semantic-cache/verifiers';
import { REPOSITORY_ROOT, spawnRedisServer } from '@x/test-utils/servers';
import { createClient } from 'redis';
import { inFlight } from '../harness.js';
import { SWEEP_THRESHOLDS, type ThresholdRow } from './distance-sweep.js';
import {
  loadPromptPairs,
  NEAR_MISS_KINDS,
  PROMPT_PAIR_LABEL,
  type PromptPair,
} from './prompt-pairs.js';

/** The threshold the cache uses unless told otherwise (as LangChain Python's). */
export const DEFAULT_THRESHOLD = 0.2;
/** The threshold the README recommends for the offline model, chosen on dev. */
export const RECOMMENDED_THRESHOLD = 0.35;
/** The parts measured, each reported apart: designed on, held out, and written afterwards. */
export const QUALITY_PARTS = ['dev', 'held-out', 'unseen'] as const;
/** One of {@link QUALITY_PARTS}. */
export type QualityPartName = (typeof QUALITY_PARTS)[number];
const LLM_STRING = '{"model":"quality-bench"}';
const CONCURRENCY = 16;

/** One part's rows, with and without the default verifiers. */
export interface QualityPart {
  readonly pairs: number;
  readonly withVerifiers: readonly ThresholdRow[];
  readonly withoutVerifiers: readonly ThresholdRow[];
}

/** The measurement over both parts. */
export interface SemanticCacheQuality {
  readonly model: string;
  readonly engine: string;
  readonly thresholds: readonly number[];
  readonly parts: Readonly<Record<QualityPartName, QualityPart>>;
}

/** Embeddings that answer from vectors computed beforehand in one batch (the same vectors). */
export class PrecomputedEmbeddings extends Embeddings {
  constructor(readonly vectors: ReadonlyMap<string, number[]>) {
    super({});
  }

  async embedQuery(text: string): Promise<number[]> {
    const vector = this.vectors.get(text);
    if (vector === undefined) throw new Error(`no vector for ${JSON.stringify(text)}`);
    return vector;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.all(texts.map((text) => this.embedQuery(text)));
  }
}

/** Counts hits by label, as the distance sweep does, for the pairs whose lookup hit. */
function row(
  threshold: number,
  pairs: readonly PromptPair[],
  hit: readonly boolean[],
): ThresholdRow {
  const hits = pairs.filter((_, index) => hit[index]);
  const count = (label: string) => hits.filter((pair) => pair.label === label).length;
  const paraphrases = pairs.filter((pair) => pair.label === PROMPT_PAIR_LABEL.paraphrase).length;
  const paraphraseHits = count(PROMPT_PAIR_LABEL.paraphrase);
  const nearMisses = hits.filter((pair) => pair.label === PROMPT_PAIR_LABEL.nearMiss);
  return {
    threshold,
    hits: hits.length,
    paraphraseHits,
    nearMissHits: nearMisses.length,
    unrelatedHits: count(PROMPT_PAIR_LABEL.unrelated),
    precision: hits.length === 0 ? null : paraphraseHits / hits.length,
    recall: paraphrases === 0 ? 0 : paraphraseHits / paraphrases,
    nearMissHitsByKind: Object.fromEntries(
      NEAR_MISS_KINDS.map((kind) => [kind, nearMisses.filter((pair) => pair.kind === kind).length]),
    ),
  };
}

/**
 * Writes every pair's `a` through the cache, then looks up every `b` through caches of each
 * threshold, with and without verifiers. Everything is written under `prefix`, and dropped.
 */
export async function measureSemanticCacheQuality(options: {
  url: string;
  prefix: string;
  engine?: VectorEngineOption;
  embeddings?: EmbeddingsInterface;
  thresholds?: readonly number[];
}): Promise<SemanticCacheQuality> {
  const model = options.embeddings ?? new OfflineEmbeddings();
  const thresholds = [
    ...new Set([
      ...(options.thresholds ?? SWEEP_THRESHOLDS),
      DEFAULT_THRESHOLD,
      RECOMMENDED_THRESHOLD,
    ]),
  ].sort((left, right) => left - right);
  const parts = Object.fromEntries(
    QUALITY_PARTS.map((part) => [part, loadPromptPairs(part)]),
  ) as Record<QualityPartName, PromptPair[]>;
  const all = QUALITY_PARTS.flatMap((part) => parts[part]);
  const texts = [...new Set(all.flatMap((pair) => [pair.a, pair.b]))];
  const vectors = await model.embedDocuments(texts);
  const embeddings = new PrecomputedEmbeddings(
    new Map(texts.map((text, index) => [text, vectors[index] ?? []])),
  );
  const client = createClient({ url: options.url });
  await client.connect();
  // A failure would count as a miss and quietly lower recall: stop the measurement instead.
  const errors: Error[] = [];
  const failIfAny = () => {
    if (errors.length > 0) throw new Error(`the cache failed: ${errors[0]?.message}`);
  };
  const base = {
    client,
    name: `${options.prefix}:quality`,
    engine: options.engine ?? 'auto',
    embeddings,
    embeddingsCache: false,
    timeoutMs: 60_000,
    onError: (error: Error) => errors.push(error),
  } as const;
  const writer = new RedisSemanticCache({ ...base, verifiers: [] });
  try {
    await inFlight(all.length, CONCURRENCY, (index) => {
      const pair = all[index] as PromptPair;
      return writer.withScope({ pair: pair.id }).update(pair.a, LLM_STRING, [{ text: pair.id }]);
    });
    failIfAny();
    const engine = (await writer.info()).engine;
    const measure = async (pairs: readonly PromptPair[], verify: boolean) => {
      const rows: ThresholdRow[] = [];
      for (const threshold of thresholds) {
        const reader = new RedisSemanticCache({
          ...base,
          distanceThreshold: threshold,
          verifiers: verify ? DEFAULT_VERIFIERS : [],
        });
        const hit: boolean[] = [];
        await inFlight(pairs.length, CONCURRENCY, async (index) => {
          const pair = pairs[index] as PromptPair;
          const found = await reader.withScope({ pair: pair.id }).lookup(pair.b, LLM_STRING);
          if (found !== null && found[0]?.text !== pair.id) throw new Error(`${pair.id} leaked`);
          hit[index] = found !== null;
        });
        failIfAny();
        rows.push(row(threshold, pairs, hit));
      }
      return rows;
    };
    const measurePart = async (pairs: readonly PromptPair[]): Promise<QualityPart> => ({
      pairs: pairs.length,
      withVerifiers: await measure(pairs, true),
      withoutVerifiers: await measure(pairs, false),
    });
    return {
      model: model.constructor.name,
      engine,
      thresholds,
      parts: {
        dev: await measurePart(parts.dev),
        'held-out': await measurePart(parts['held-out']),
        unseen: await measurePart(parts.unseen),
      },
    };
  } finally {
    await writer.drop();
    await client.close();
  }
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

/** The rows of one part as a console table: hits, wrong hits, precision, recall per threshold. */
export function qualityTable(part: QualityPart): Record<string, Record<string, string | number>> {
  return Object.fromEntries(
    part.withVerifiers.map((checked, index) => {
      const plain = part.withoutVerifiers[index] as ThresholdRow;
      const wrong = (item: ThresholdRow) => item.nearMissHits + item.unrelatedHits;
      return [
        checked.threshold.toFixed(3),
        {
          'precision (verified)': percent(checked.precision),
          'recall (verified)': percent(checked.recall),
          'wrong hits (verified)': wrong(checked),
          'precision (distance only)': percent(plain.precision),
          'recall (distance only)': percent(plain.recall),
          'wrong hits (distance only)': wrong(plain),
        },
      ];
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const spawned = process.env.REDIS_URL ? undefined : await spawnRedisServer();
  try {
    const quality = await measureSemanticCacheQuality({
      url: process.env.REDIS_URL ?? spawned?.url ?? '',
      prefix: `quality${process.pid}`,
    });
    for (const part of QUALITY_PARTS) {
      console.log(
        `\n${part}: ${quality.parts[part].pairs} pairs (${quality.model}, ${quality.engine})`,
      );
      console.table(qualityTable(quality.parts[part]));
    }
    const directory = `${REPOSITORY_ROOT}/bench/results`;
    mkdirSync(directory, { recursive: true });
    writeFileSync(
      `${directory}/semantic-cache-quality.json`,
      `${JSON.stringify(quality, null, 2)}\n`,
    );
  } finally {
    await spawned?.stop();
  }
}
