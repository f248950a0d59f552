import { InvalidArgumentError } from '../errors.js';
import { type FilterInput, textWords } from '../filter/index.js';
import type { VectorInput } from '../vector-encoding.js';
import { MAX_K } from './check-arguments.js';
import { positiveInteger } from './resolve-schema.js';
import type { StoredDocument } from './vector-index-options.js';

/** How a hybrid query fuses its full-text and vector rankings into one. */
export type HybridFusion =
  | {
      /**
       * Reciprocal rank fusion: a document scores `1 / (rankConstant + rank)` in each ranking it
       * appears in (ranks from 1), summed. Needs no tuning and ignores how scores are scaled.
       */
      method: 'rrf';
      /** Damps the weight of the first ranks. @default 60 */
      rankConstant?: number;
      /**
       * The vector ranking's share, from 0 to 1; the text ranking gets the rest. Each term is
       * multiplied by twice its share, so the default sums them unweighted. @default 0.5
       */
      vectorWeight?: number;
    }
  | {
      /**
       * A weighted sum of the two scores, each scaled to [0, 1] over the candidates (min-max):
       * `vectorWeight × vector + (1 − vectorWeight) × text`, 0 for a ranking a document is
       * not in. The vector score is the scaled closeness (nearest 1, farthest 0).
       */
      method: 'linear';
      /** The vector ranking's weight, from 0 to 1; the text ranking gets the rest. @default 0.7 */
      vectorWeight?: number;
    };

/** A hybrid (full-text and vector) query. */
export interface HybridQuery {
  /** The words to look for; words of {@link HybridQuery.stopwords} are left out. */
  text: string;
  /** The query's vector (usually the embedding of `text`). */
  vector: VectorInput;
  /** How many documents to return at most, 1 to 10000. */
  k: number;
  /** Only documents whose metadata matches (both rankings). */
  filter?: FilterInput;
  /** @default { method: 'rrf' } */
  fusion?: HybridFusion;
  /**
   * How many documents each ranking contributes before fusion, at least `k`.
   * @default 20, or `k` when larger
   */
  candidates?: number;
  /**
   * Words of the query not searched for (lowercase). Common words would match nearly every
   * document and say little. @default an English list ({@link ENGLISH_STOPWORDS})
   */
  stopwords?: readonly string[];
}

/** One document of a hybrid query's answer. */
export interface HybridQueryResult extends StoredDocument {
  /** The fused score: higher is better. */
  score: number;
  /** The vector distance to the query (see `DISTANCE_METRIC`). */
  distance: number;
  /**
   * The full-text score (BM25), or `undefined` when the document was not among the text
   * ranking's candidates (it may still hold some of the words).
   */
  textScore: number | undefined;
  /** The document's rank in the text ranking (1 = best), when it is in it. */
  textRank: number | undefined;
  /** The document's rank in the vector ranking (1 = nearest), when it is in it. */
  vectorRank: number | undefined;
}

/** A hybrid query checked by `VectorIndex.prepareHybridQuery`, waiting for its vector. */
export type PreparedHybridQuery = (vector: VectorInput) => Promise<HybridQueryResult[]>;

/** The words a hybrid query leaves out unless told otherwise: common English function words. */
export const ENGLISH_STOPWORDS: readonly string[] = Object.freeze(
  (
    'a about above after again against all am an and any are as at be because been before being ' +
    'below between both but by can could did do does doing down during each few for from further ' +
    'had has have having he her here hers herself him himself his how i if in into is it its ' +
    'itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them ' +
    'themselves then there these they this those through to too under until up very was we were ' +
    'what when where which while who whom why will with would you your yours yourself yourselves'
  ).split(' '),
);

/** The checked options of a hybrid query, short of its vector. */
export interface HybridPlan {
  k: number;
  candidates: number;
  /** The words to search for, each made only of letters, digits and `_`; may be empty. */
  terms: string[];
  fusion:
    | Required<Extract<HybridFusion, { method: 'rrf' }>>
    | Required<Extract<HybridFusion, { method: 'linear' }>>;
}

/** Most words one hybrid query searches for; the rest of a long text is left out. */
const MAX_TERMS = 64;

/** @throws {InvalidArgumentError} for a bad hybrid query. */
export function planHybridQuery(query: Omit<HybridQuery, 'vector'>): HybridPlan {
  if (typeof query !== 'object' || query === null) {
    throw new InvalidArgumentError(
      'a hybrid query must be an object with `text`, `vector` and `k`',
    );
  }
  if (typeof query.text !== 'string' || !query.text.isWellFormed()) {
    throw new InvalidArgumentError('a hybrid query needs its `text`: a well-formed string');
  }
  const k = positiveInteger(query.k, 'k', MAX_K);
  const candidates =
    query.candidates === undefined
      ? Math.max(20, k)
      : positiveInteger(query.candidates, 'candidates', MAX_K);
  if (candidates < k) {
    throw new InvalidArgumentError(`\`candidates\` (${candidates}) must be at least \`k\` (${k})`);
  }
  const stopwords = query.stopwords ?? ENGLISH_STOPWORDS;
  if (!Array.isArray(stopwords) || stopwords.some((word) => typeof word !== 'string')) {
    throw new InvalidArgumentError('`stopwords` must be an array of strings');
  }
  const skipped = new Set(stopwords.map((word) => word.toLowerCase()));
  const terms = [...new Set(textWords(query.text))]
    .filter((word) => !skipped.has(word))
    .slice(0, MAX_TERMS);
  return { k, candidates, terms, fusion: checkFusion(query.fusion) };
}

function checkFusion(fusion: HybridFusion | undefined): HybridPlan['fusion'] {
  if (fusion === undefined) return { method: 'rrf', rankConstant: 60, vectorWeight: 0.5 };
  if (typeof fusion !== 'object' || fusion === null) {
    throw new InvalidArgumentError('`fusion` must be { method: "rrf" } or { method: "linear" }');
  }
  if (fusion.method === 'rrf') {
    const rankConstant = fusion.rankConstant ?? 60;
    if (typeof rankConstant !== 'number' || !Number.isFinite(rankConstant) || rankConstant < 0) {
      throw new InvalidArgumentError(
        `\`fusion.rankConstant\` must be a finite number of at least 0, got ${String(rankConstant)}`,
      );
    }
    return { method: 'rrf', rankConstant, vectorWeight: share(fusion.vectorWeight ?? 0.5) };
  }
  if (fusion.method === 'linear') {
    return { method: 'linear', vectorWeight: share(fusion.vectorWeight ?? 0.7) };
  }
  throw new InvalidArgumentError(
    `\`fusion.method\` must be "rrf" or "linear", got ${JSON.stringify((fusion as { method?: unknown }).method)}`,
  );
}

function share(vectorWeight: unknown): number {
  if (typeof vectorWeight !== 'number' || !(vectorWeight >= 0 && vectorWeight <= 1)) {
    throw new InvalidArgumentError(
      `\`fusion.vectorWeight\` must be a number from 0 to 1, got ${String(vectorWeight)}`,
    );
  }
  return vectorWeight;
}

/** A document of the vector ranking, nearest first. */
export interface VectorCandidate extends StoredDocument {
  distance: number;
}

/** A document of the text ranking, best first, with its distance to the query vector. */
export interface TextCandidate extends StoredDocument {
  textScore: number;
  distance: number;
}

/**
 * Fuses the two rankings into the `k` best documents by the plan's method, best first; ties
 * go to the nearer document, then to the id, so that the order is the same on every run.
 */
export function fuseRankings(
  vectorRanking: readonly VectorCandidate[],
  textRanking: readonly TextCandidate[],
  plan: Pick<HybridPlan, 'k' | 'fusion'>,
): HybridQueryResult[] {
  const byId = new Map<string, HybridQueryResult>();
  vectorRanking.forEach((candidate, index) => {
    byId.set(candidate.id, {
      ...candidate,
      score: 0,
      textScore: undefined,
      textRank: undefined,
      vectorRank: index + 1,
    });
  });
  textRanking.forEach((candidate, index) => {
    const known = byId.get(candidate.id);
    if (known) {
      known.textScore = candidate.textScore;
      known.textRank = index + 1;
    } else {
      byId.set(candidate.id, {
        ...candidate,
        score: 0,
        textRank: index + 1,
        vectorRank: undefined,
      });
    }
  });
  const results = [...byId.values()];
  const { fusion } = plan;
  if (fusion.method === 'rrf') {
    const weight = (rank: number | undefined, part: number) =>
      rank === undefined ? 0 : (2 * part) / (fusion.rankConstant + rank);
    const vectorPart = fusion.vectorWeight;
    for (const result of results) {
      result.score =
        weight(result.vectorRank, vectorPart) + weight(result.textRank, 1 - vectorPart);
    }
  } else {
    const closeness = scaler(vectorRanking.map((candidate) => -candidate.distance));
    const relevance = scaler(textRanking.map((candidate) => candidate.textScore));
    for (const result of results) {
      const vector = result.vectorRank === undefined ? 0 : closeness(-result.distance);
      const text = result.textScore === undefined ? 0 : relevance(result.textScore);
      result.score = fusion.vectorWeight * vector + (1 - fusion.vectorWeight) * text;
    }
  }
  return results
    .sort(
      (a, b) =>
        b.score - a.score || a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, plan.k);
}

/** Min-max scaling to [0, 1] over `values`; every value is 1 when they are all equal. */
function scaler(values: readonly number[]): (value: number) => number {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return (value) => (max > min ? (value - min) / (max - min) : 1);
}
