import type { Generation } from '@langchain/core/outputs';
import { CorruptDataError } from '@x/redis-core';
import { deserializeGenerations } from '@x/redis-core/internal';
import type { CacheEntry, UnreadableEntry } from './semantic-entries.js';
import { type HitCandidate, type HitVerifier, runVerifiers } from './verifiers/index.js';

/** What became of one cached entry a lookup found within the threshold. */
export type CandidateOutcome =
  /** Every verifier accepted it: its generations were served. */
  | { readonly status: 'served' }
  /** A verifier refused it (the first to refuse; the rest did not run). */
  | { readonly status: 'refused'; readonly verifier: string; readonly reason: string }
  /** Its stored generations could not be read; it was deleted. */
  | { readonly status: 'unreadable'; readonly reason: string }
  /** A nearer candidate was served first. */
  | { readonly status: 'not-checked' }
  /**
   * A nearer candidate was refused, so this farther one is not served: what makes the nearer
   * one wrong for the prompt (another place, number, operation...) is rarely absent from
   * entries farther still, and serving one of those is how a near-miss turns into an unrelated
   * answer. Only an entry cached for exactly this prompt is served after a refusal.
   */
  | { readonly status: 'after-refusal' };

/** One cached entry a lookup found within the threshold, and what became of it. */
export interface CandidateExplanation {
  /** The prompt the entry was cached for. */
  readonly prompt: string;
  /** Its cosine distance to the looked-up prompt, 0 to 2. */
  readonly distance: number;
  /** When it was cached. */
  readonly cachedAt: Date;
  readonly outcome: CandidateOutcome;
}

/** The outcome of {@link chooseCandidate}. */
export interface Choice {
  /** The served entry and its generations, when one passed. */
  served: { entry: CacheEntry; generations: Generation[] } | undefined;
  /** Every candidate, nearest first, with its outcome. */
  candidates: CandidateExplanation[];
  /** Entries whose generations could not be read. */
  unreadable: UnreadableEntry[];
}

/**
 * Serves the nearest entry, when every verifier accepts it: entries are tried nearest first,
 * each checked by the verifiers (which stop at the first refusal). A refusal ends the search,
 * because an entry farther than a refused one is more often wrong than right (measured in
 * `bench/src/quality/fall-through.ts`); an entry whose generations cannot be read is skipped.
 * An entry cached for exactly this prompt needs no verification, and is served even after a
 * refusal. When nothing is served, the lookup is a miss.
 */
export async function chooseCandidate(
  prompt: string,
  entries: readonly CacheEntry[],
  verifiers: readonly HitVerifier[],
  embed?: HitCandidate['embed'],
): Promise<Choice> {
  const choice: Choice = { served: undefined, candidates: [], unreadable: [] };
  let refused = false;
  for (const entry of entries) {
    const explain = (outcome: CandidateOutcome) =>
      choice.candidates.push({
        prompt: entry.prompt,
        distance: entry.distance,
        cachedAt: new Date(entry.createdAt),
        outcome,
      });
    if (choice.served !== undefined) {
      explain({ status: 'not-checked' });
      continue;
    }
    // The very prompt that was cached asks the very same question: nothing to verify.
    const exact = entry.prompt === prompt;
    if (refused && !exact) {
      explain({ status: 'after-refusal' });
      continue;
    }
    const verdict = exact
      ? { pass: true as const }
      : await runVerifiers(verifiers, {
          prompt,
          cached: { prompt: entry.prompt, llmString: entry.llmString, distance: entry.distance },
          ...(embed === undefined ? {} : { embed }),
        });
    if (!verdict.pass) {
      refused = true;
      explain({ status: 'refused', verifier: verdict.verifier, reason: verdict.reason });
      continue;
    }
    try {
      choice.served = { entry, generations: deserializeGenerations(entry.generations) };
      explain({ status: 'served' });
    } catch (error) {
      const corrupt = new CorruptDataError(
        `the generations of semantic cache entry "${entry.id}" cannot be read; lookups skip it and delete it`,
        entry.key,
        { cause: error },
      );
      choice.unreadable.push({ id: entry.id, error: corrupt, index: entry.index });
      explain({ status: 'unreadable', reason: corrupt.message });
    }
  }
  return choice;
}
