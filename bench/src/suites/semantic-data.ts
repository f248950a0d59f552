import { Embeddings } from '@langchain/core/embeddings';
import { generator } from './vectors.js';

/** The semantic cache suite's data: prompts and the vectors a synthetic model gives them. */

export const DIMENSION = 512;
/** Lookups and updates in flight when the suite measures throughput or fills a cache. */
export const CONCURRENCY = 64;
/** The model settings every entry is cached under. */
export const LLM_STRING =
  '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"gpt-4o-mini"}}';
/** The cached answer: about 0.5 KB. */
export const ANSWER =
  'Redis keeps the cache in memory and answers in well under a millisecond. '.repeat(7);
/** Real sentence embeddings lie near a space of far fewer dimensions than they have. */
const LATENT_DIMENSION = 32;

// A fixed map from the latent space to the 512 dimensions of the vectors.
const LATENT_MAP = (() => {
  const random = generator(7);
  return Array.from({ length: DIMENSION }, () =>
    Array.from({ length: LATENT_DIMENSION }, () => random() * 2 - 1),
  );
})();

/**
 * The vector of entry `index`: a random point of the latent space, mapped to 512 dimensions;
 * when `nudged`, a point near it (about 0.05 away: a paraphrase).
 */
export function vectorOf(index: number, nudged: boolean): number[] {
  const random = generator(index * 2 + 1);
  const noise = generator(index * 2 + 2);
  const latent = Array.from({ length: LATENT_DIMENSION }, () => {
    const value = random() * 2 - 1;
    return nudged ? value + (noise() * 2 - 1) * 0.35 : value;
  });
  return LATENT_MAP.map((row) =>
    row.reduce((sum, weight, at) => sum + weight * (latent[at] ?? 0), 0),
  );
}

/** A vector about another topic: off the entries' latent space, so it is far from all of them. */
function unrelatedVector(index: number): number[] {
  const random = generator(1e9 + index);
  return Array.from({ length: DIMENSION }, () => random() * 2 - 1);
}

// Entry n is cached for the seeds' question and looked up with its paraphrase (which the
// default verifiers accept), so that a hit pays for verification as a real one does.
export const cachedPrompt = (index: number) => `What is the capital of France? (#${index})`;
export const paraphrase = (index: number) =>
  `Can you tell me the capital city of France? (#${index})`;
export const unrelated = (index: number) => `How do I bake sourdough bread? (#${index})`;

/**
 * Embeddings that cost microseconds, so that the bench measures the cache and Redis, not a
 * model: entry n's prompts get entry n's vector (nudged for the reader's), others a random one.
 */
export class SyntheticEmbeddings extends Embeddings {
  constructor(readonly nudged: boolean) {
    super({});
  }

  async embedQuery(text: string): Promise<number[]> {
    const number = Number(/\(#(\d+)\)$/.exec(text)?.[1]);
    return text.startsWith('How do I') ? unrelatedVector(number) : vectorOf(number, this.nudged);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.all(texts.map((text) => this.embedQuery(text)));
  }
}
