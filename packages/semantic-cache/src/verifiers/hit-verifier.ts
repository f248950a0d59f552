/** The cached entry a semantic lookup found near the new prompt. */
export interface CachedHit {
  /** The prompt the cached answer was generated for. */
  readonly prompt: string;
  /** The model and call options the answer was generated with (LangChain's `llmString`). */
  readonly llmString: string;
  /** Cosine distance between the two prompts' embeddings, 0 (same direction) to 2. */
  readonly distance: number;
}

/** A cached answer the cache is about to serve, and the prompt it would be served for. */
export interface HitCandidate {
  /** The prompt being looked up. */
  readonly prompt: string;
  /** The nearest cached entry within the distance threshold. */
  readonly cached: CachedHit;
  /**
   * Embeds texts with the cache's own embedding model (through its embeddings cache), for a
   * verifier that compares meanings. Given by the cache; absent when a verifier is called
   * without one.
   */
  readonly embed?: (texts: readonly string[]) => Promise<number[][]>;
}

/** What one verifier decided: serve the hit, or refuse it and say why. */
export type VerifierResult =
  | { readonly pass: true }
  | { readonly pass: false; readonly reason: string };

/**
 * A check that decides whether a cached answer found by embedding distance is a right answer to
 * the new prompt. Verifiers exist because embeddings place near-misses ("from Boston to Denver" /
 * "from Denver to Boston") closer together than true paraphrases: a verifier refuses a hit that
 * would serve a confident wrong answer, turning it into a miss (one more LLM call).
 *
 * A verifier may be synchronous (the built-in ones are, and take microseconds) or return a
 * promise (a second model, a rules service). It must not throw for an ordinary prompt; if it
 * does, {@link runVerifiers} treats the throw as a refusal.
 */
export interface HitVerifier {
  /** A short, stable name reported with each refusal (`numbers`, `negation`, ...). */
  readonly name: string;
  /** Decides whether `candidate.cached` may be served for `candidate.prompt`. */
  verify(candidate: HitCandidate): VerifierResult | Promise<VerifierResult>;
}

/** The outcome of {@link runVerifiers}: served, or refused by the named verifier. */
export type VerificationResult =
  | { readonly pass: true }
  | {
      readonly pass: false;
      /** The `name` of the verifier that refused. */
      readonly verifier: string;
      readonly reason: string;
      /** What the verifier threw, when it refused by throwing. */
      readonly error?: unknown;
    };

const PASS: VerificationResult = Object.freeze({ pass: true });

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Runs `verifiers` in order and stops at the first refusal. An empty list means no verification:
 * every candidate passes. A verifier that throws (or rejects) refuses the hit, because a cache
 * must fail towards a miss, never towards a wrong answer.
 */
export async function runVerifiers(
  verifiers: readonly HitVerifier[],
  candidate: HitCandidate,
): Promise<VerificationResult> {
  for (const verifier of verifiers) {
    let result: VerifierResult;
    try {
      const returned = verifier.verify(candidate);
      result = isPromise(returned) ? await returned : returned;
    } catch (error) {
      return { pass: false, verifier: verifier.name, reason: 'the verifier threw', error };
    }
    if (!result.pass) return { pass: false, verifier: verifier.name, reason: result.reason };
  }
  return PASS;
}

/** The names of the default verifiers, as reported in {@link VerificationResult.verifier}. */
export const VERIFIER_NAME = {
  numbers: 'numbers',
  formula: 'formula',
  units: 'units',
  negation: 'negation',
  order: 'order',
  names: 'names',
  opposites: 'opposites',
  quantifiers: 'quantifiers',
  substitution: 'substitution',
} as const;

/** The name of a built-in verifier. */
export type VerifierName = (typeof VERIFIER_NAME)[keyof typeof VERIFIER_NAME];
