/**
 * What a lookup should do after a verifier refuses the nearest candidate: serve a farther one,
 * or not. One shared cache holds every `a` of the dev pairs; each `b` is looked up with the
 * default verifiers, and each lookup's own details (`lookupWithDetails`) list its candidates.
 * The cache stops at a refusal (`after-refusal`); this script checks the candidates it passed
 * over with the same verifiers, to compare the rules on the same lookups:
 *
 * - `serve the next`: the nearest candidate every verifier accepts (the rule before 2026-12-07);
 * - `none after a refusal`: a refused candidate makes the lookup a miss (the cache's rule);
 * - `within m of the refused`: a farther candidate only when it lies within m of the refused one.
 *
 * A hit is right when the entry served is the pair's own `a` and the pair is a paraphrase, or
 * when the entry and `b` form a paraphrase pair of their own. Dev pairs only (the held-out rule).
 * Usage: tsx src/quality/fall-through.ts (spawns a Redis unless REDIS_URL is set).
 */
import { OfflineEmbeddings } from '@x/offline-embeddings';
import { type LookupDetails, RedisSemanticCache } from '@x/semantic-cache';
import { DEFAULT_VERIFIERS, runVerifiers } from '@x/semantic-cache/verifiers';
import { spawnRedisServer } from '@x/test-utils/servers';
import { createClient } from 'redis';
import { inFlight } from '../harness.js';
import { loadPromptPairs, PROMPT_PAIR_LABEL, type PromptPair } from './prompt-pairs.js';
import { PrecomputedEmbeddings } from './semantic-cache-quality.js';

const LLM_STRING = '{"model":"fall-through"}';
const THRESHOLDS = [0.2, 0.35];
const MARGINS = [0.02, 0.05, 0.1];

/** A rule: whether a candidate at `distance` may be served after one refused at `refused`. */
type Rule = (refused: number, distance: number) => boolean;

const RULES: Record<string, Rule> = {
  'serve the next': () => true,
  'none after a refusal': () => false,
  ...Object.fromEntries(
    MARGINS.map((margin) => [
      `within ${margin} of the refused`,
      (refused: number, distance: number) => distance - refused <= margin,
    ]),
  ),
};

/** The prompt `rule` would have served for a lookup of `prompt` whose details are these. */
async function servedUnder(rule: Rule, prompt: string, details: LookupDetails) {
  let refused: number | undefined;
  for (const candidate of details.candidates) {
    const { status } = candidate.outcome;
    if (status === 'served') return candidate.prompt;
    if (status === 'refused') refused ??= candidate.distance;
    if (status !== 'after-refusal' || refused === undefined) continue;
    if (!rule(refused, candidate.distance)) continue;
    const cached = {
      prompt: candidate.prompt,
      llmString: LLM_STRING,
      distance: candidate.distance,
    };
    if ((await runVerifiers(DEFAULT_VERIFIERS, { prompt, cached })).pass) return candidate.prompt;
  }
  return undefined;
}

const pairs = loadPromptPairs('dev');
const paraphrases = new Set(
  pairs
    .filter((pair) => pair.label === PROMPT_PAIR_LABEL.paraphrase)
    .flatMap((pair) => [`${pair.a}\n${pair.b}`, `${pair.b}\n${pair.a}`]),
);
const texts = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))];
const vectors = await new OfflineEmbeddings().embedDocuments(texts);
const embeddings = new PrecomputedEmbeddings(
  new Map(texts.map((text, index) => [text, vectors[index] ?? []])),
);
const spawned = process.env.REDIS_URL ? undefined : await spawnRedisServer();
const client = createClient({ url: process.env.REDIS_URL ?? spawned?.url });
await client.connect();
const base = {
  client,
  name: `fallthrough${Date.now()}`,
  embeddings,
  embeddingsCache: false,
  timeoutMs: 60_000,
  candidates: 8,
  onError: (error: Error) => {
    throw error;
  },
} as const;
const writer = new RedisSemanticCache({ ...base, verifiers: [] });
try {
  const entries = [...new Set(pairs.map((pair) => pair.a))];
  await inFlight(entries.length, 16, (index) =>
    writer.update(entries[index] as string, LLM_STRING, [{ text: entries[index] as string }]),
  );
  const right = (pair: PromptPair, served: string) =>
    served === pair.a
      ? pair.label === PROMPT_PAIR_LABEL.paraphrase
      : paraphrases.has(`${served}\n${pair.b}`);
  const wanted = pairs.filter((pair) => pair.label === PROMPT_PAIR_LABEL.paraphrase).length;
  for (const threshold of THRESHOLDS) {
    const reader = new RedisSemanticCache({ ...base, distanceThreshold: threshold });
    const found: { pair: PromptPair; details: LookupDetails }[] = [];
    await inFlight(pairs.length, 16, async (index) => {
      const pair = pairs[index] as PromptPair;
      const { details } = await reader.lookupWithDetails(pair.b, LLM_STRING);
      if (details && details.candidates.length > 0) found.push({ pair, details });
    });
    const table: Record<string, Record<string, string | number>> = {};
    for (const [name, rule] of Object.entries(RULES)) {
      const served: { pair: PromptPair; prompt: string; afterRefusal: boolean }[] = [];
      for (const { pair, details } of found) {
        const prompt = await servedUnder(rule, pair.b, details);
        if (prompt === undefined) continue;
        served.push({ pair, prompt, afterRefusal: prompt !== details.served?.prompt });
      }
      const correct = served.filter(({ pair, prompt }) => right(pair, prompt));
      const fellThrough = served.filter(({ afterRefusal }) => afterRefusal);
      table[name] = {
        hits: served.length,
        wrong: served.length - correct.length,
        'after a refusal': fellThrough.length,
        'wrong after a refusal': fellThrough.filter(({ pair, prompt }) => !right(pair, prompt))
          .length,
        precision: (correct.length / Math.max(1, served.length)).toFixed(3),
        'recall (own paraphrases)': (
          correct.filter(({ pair, prompt }) => prompt === pair.a).length / wanted
        ).toFixed(3),
      };
    }
    console.log(`\nthreshold ${threshold}: ${pairs.length} dev lookups, ${entries.length} entries`);
    console.table(table);
  }
} finally {
  await writer.drop();
  await client.close();
  await spawned?.stop();
}
