import type { Generation } from '@langchain/core/outputs';
import { CorruptDataError } from '@x/redis-core';
import { deserializeGenerations } from '@x/redis-core/internal';
import type { CacheEntry, UnreadableEntry } from './semantic-entries.js';
import { type HitVerifier, runVerifiers } from './verifiers/index.js';

/** What became of one cached entry a lookup found within the threshold. */
export type CandidateOutcome =
  /** Every verifier accepted it: its generations were served. */
  | { readonly status: 'served' }
  /** A verifier refused it (the first to refuse; the rest did not run). */
  | { readonly status: 'refused'; readonly verifier: string; readonly reason: string }
  /** Its stored generations could not be read; it was deleted. */
  | { readonly status: 'unreadable'; readonly reason: string }
  /** A nearer candidate was served first. */
  | { readonly status: 'not-checked' };

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
 * Serves the nearest entry every verifier accepts: entries are tried nearest first, each
 * checked by the verifiers (which stop at the first refusal), and the first accepted one whose
 * generations can be read is served. When none is, the lookup is a miss. An entry cached for
 * exactly this prompt needs no verification.
 */
export async function chooseCandidate(
  prompt: string,
  entries: readonly CacheEntry[],
  verifiers: readonly HitVerifier[],
): Promise<Choice> {
  const choice: Choice = { served: undefined, candidates: [], unreadable: [] };
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
    const verdict =
      entry.prompt === prompt
        ? { pass: true as const }
        : await runVerifiers(verifiers, {
            prompt,
            cached: { prompt: entry.prompt, llmString: entry.llmString, distance: entry.distance },
          });
    if (!verdict.pass) {
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
