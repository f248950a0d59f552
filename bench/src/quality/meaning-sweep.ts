/**
 * Chooses the thresholds of the `meaning` verifier (the differing words of two prompts compared
 * by embedding): precision and recall of hits at the recommended distance threshold, with the
 * rule verifiers alone and with the meaning verifier after them, for a grid of its two options.
 * Aggregates only: no prompt is printed.
 *
 * Run: `pnpm --filter @x/bench exec tsx src/quality/meaning-sweep.ts [--part dev|held-out]`.
 * `--part unseen` measures the verifier's default options only: nothing is chosen there (see
 * bench/data/prompt-pairs/README.md).
 */
import { parseArgs } from 'node:util';
import { OfflineEmbeddings } from '@x/offline-embeddings';
import {
  createMeaningVerifier,
  DEFAULT_VERIFIERS,
  type HitVerifier,
  runVerifiers,
} from '@x/semantic-cache/verifiers';
import { type ScoredPromptPair, scorePromptPairs } from './distance-sweep.js';
import { loadPromptPairs, PROMPT_PAIR_LABEL } from './prompt-pairs.js';
import { RECOMMENDED_THRESHOLD } from './semantic-cache-quality.js';

const SHARES = [0.5, 0.67];
const DISTANCES = [0.5, 0.55, 0.6, 0.65, 0.7, 0.8];

const { values } = parseArgs({ options: { part: { type: 'string', default: 'dev' } } });
const part = values.part;
if (part !== 'dev' && part !== 'held-out' && part !== 'unseen') {
  throw new Error(`--part must be "dev", "held-out" or "unseen", not "${part}"`);
}
const model = new OfflineEmbeddings();
const embed = (texts: readonly string[]) => model.embedDocuments([...texts]);
const scored = await scorePromptPairs(loadPromptPairs(part), model);
const within = scored.filter((pair) => pair.distance <= RECOMMENDED_THRESHOLD);
const paraphrases = scored.filter((pair) => pair.label === PROMPT_PAIR_LABEL.paraphrase).length;

async function measure(verifiers: readonly HitVerifier[]) {
  const served: ScoredPromptPair[] = [];
  for (const pair of within) {
    const cached = { prompt: pair.a, llmString: '', distance: pair.distance };
    if ((await runVerifiers(verifiers, { prompt: pair.b, cached, embed })).pass) served.push(pair);
  }
  const right = served.filter((pair) => pair.label === PROMPT_PAIR_LABEL.paraphrase).length;
  return {
    hits: served.length,
    wrong: served.length - right,
    precision: (right / Math.max(1, served.length)).toFixed(3),
    recall: (right / paraphrases).toFixed(3),
  };
}

const rows: Record<string, Awaited<ReturnType<typeof measure>>> = {
  'rules alone': await measure(DEFAULT_VERIFIERS),
};
if (part === 'unseen') {
  rows['default options (shared ≥ 0.5, spans > 0.6)'] = await measure([
    ...DEFAULT_VERIFIERS,
    createMeaningVerifier(),
  ]);
}
for (const minSharedShare of part === 'unseen' ? [] : SHARES) {
  for (const maxSpanDistance of DISTANCES) {
    const meaning = createMeaningVerifier({ minSharedShare, maxSpanDistance });
    rows[`shared ≥ ${minSharedShare}, spans > ${maxSpanDistance}`] = await measure([
      ...DEFAULT_VERIFIERS,
      meaning,
    ]);
  }
}
console.log(`${part}: ${scored.length} pairs, threshold ${RECOMMENDED_THRESHOLD}`);
console.table(rows);
