import { cosineDistance, InvalidArgumentError } from '@x/redis-core';
import { type CanonicalToken, canonicalTokens } from './canonical-tokens.js';
import { PASS, reject } from './differences.js';
import type { HitVerifier } from './hit-verifier.js';
import { FILLERS } from './substitution-lexicon.js';

/** Options of {@link createMeaningVerifier}. */
export interface MeaningVerifierOptions {
  /**
   * The share of the shorter prompt's content words the two prompts must have in common
   * before their differing words are compared: below it, the prompts are reworded throughout
   * and their differing words say little on their own. @default 0.5
   */
  readonly minSharedShare?: number;
  /**
   * The cosine distance between the embeddings of the two differing spans above which the
   * hit is refused. It depends on the embedding model; the default was chosen for the offline
   * Universal Sentence Encoder lite (see the package README). @default 0.6
   */
  readonly maxSpanDistance?: number;
}

/** The content words of `prompt` that `other` lacks, as written, in order. */
function differing(mine: readonly CanonicalToken[], theirs: ReadonlySet<string>): string[] {
  return mine
    .filter((token) => !token.stop && !FILLERS.has(token.lower) && !theirs.has(token.canon))
    .map((token) => token.lower);
}

/**
 * Refuses a hit when the prompts share most of their words and the words they do not share
 * mean different things, judged by the cache's own embedding model: "a pasta recipe with
 * mushrooms" / "with shrimp", "visa rules for students" / "for retirees". It embeds the two
 * differing spans (one call, two short texts, through the embeddings cache) and compares them.
 * Put last, it runs only for a candidate every rule accepted, so only a would-be hit pays.
 *
 * Passes prompts reworded throughout (fewer than `minSharedShare` of the words shared), and
 * prompts where one only adds words. It needs the candidate's `embed`, which the cache gives;
 * called without one, it throws (a refusal in {@link runVerifiers}).
 *
 * @throws {InvalidArgumentError} for options out of range.
 */
export function createMeaningVerifier(options: MeaningVerifierOptions = {}): HitVerifier {
  const minShared = options.minSharedShare ?? 0.5;
  const maxDistance = options.maxSpanDistance ?? 0.6;
  if (!(minShared >= 0 && minShared <= 1)) {
    throw new InvalidArgumentError(`minSharedShare must be between 0 and 1, not ${minShared}`);
  }
  if (!(maxDistance >= 0 && maxDistance <= 2)) {
    throw new InvalidArgumentError(`maxSpanDistance must be between 0 and 2, not ${maxDistance}`);
  }
  return {
    name: 'meaning',
    async verify({ prompt, cached, embed }) {
      const mine = canonicalTokens(prompt);
      const theirs = canonicalTokens(cached.prompt);
      const canonsOf = (tokens: readonly CanonicalToken[]) =>
        new Set(tokens.filter((token) => !token.stop).map((token) => token.canon));
      const [mineCanons, theirCanons] = [canonsOf(mine), canonsOf(theirs)];
      let shared = 0;
      for (const canon of mineCanons) if (theirCanons.has(canon)) shared++;
      if (shared < minShared * Math.min(mineCanons.size, theirCanons.size)) return PASS;
      const here = differing(mine, theirCanons).join(' ');
      const there = differing(theirs, mineCanons).join(' ');
      if (here === '' || there === '') return PASS;
      if (embed === undefined) {
        throw new InvalidArgumentError(
          "the meaning verifier needs the candidate's `embed` (a semantic cache gives it)",
        );
      }
      const [a = [], b = []] = await embed([here, there]);
      const distance = cosineDistance(a, b);
      if (distance <= maxDistance) return PASS;
      return reject(
        `"${here}" in the prompt and "${there}" cached differ in meaning (${distance.toFixed(2)} apart)`,
      );
    },
  };
}
