import type { Generation } from '@langchain/core/outputs';
import { CACHE_OPERATION } from '@x/redis-core';
import type { CacheCore } from './cache-core.js';
import type { ResolvedScope } from './cache-scope.js';
import { type CandidateExplanation, type Choice, chooseCandidate } from './choose-candidate.js';

/** Why a lookup would hit or miss: what `RedisSemanticCache.explain` returns. */
export interface LookupExplanation {
  /** Whether a lookup would return cached generations. */
  hit: boolean;
  /** The cosine distance of the entry served, or `null` on a miss. */
  distance: number | null;
  /**
   * The cosine distance of the nearest entry of this model and scope, within the threshold or
   * not; `null` when there is none.
   */
  nearestDistance: number | null;
  /** The generations a lookup would return, or `null` on a miss. */
  generations: Generation[] | null;
  /** The threshold the cache uses. */
  distanceThreshold: number;
  /** Every entry within the threshold (at most `candidates`), nearest first, and its fate. */
  candidates: CandidateExplanation[];
}

/** How one lookup decided, from the lookup itself: what `onLookup` hears. */
export interface LookupDetails {
  /** The prompt looked up and the model settings it was looked up under. */
  readonly prompt: string;
  readonly llmString: string;
  /** The scope of the cache (or scoped view) that looked it up. */
  readonly scope: Readonly<Record<string, string>>;
  /** Whether cached generations were returned. */
  readonly hit: boolean;
  /** The entry served: the prompt it was cached for, its cosine distance and when. */
  readonly served: {
    readonly prompt: string;
    readonly distance: number;
    readonly cachedAt: Date;
  } | null;
  /** Every entry within the threshold (at most `candidates`), nearest first, and its fate. */
  readonly candidates: readonly CandidateExplanation[];
  /** The threshold the cache uses. */
  readonly distanceThreshold: number;
}

/** What {@link RedisSemanticCache.lookupWithDetails} returns. */
export interface DetailedLookup {
  /** What `lookup` returns: the cached generations, or `null` on a miss. */
  readonly generations: Generation[] | null;
  /** How the lookup decided; `null` when it failed (a miss that `onError` heard about). */
  readonly details: LookupDetails | null;
}

/** The details of a lookup of `prompt` that chose `choice`. */
export function lookupDetails(
  core: CacheCore,
  scope: ResolvedScope,
  prompt: string,
  llmString: string,
  choice: Choice,
): LookupDetails {
  const { served } = choice;
  return {
    prompt,
    llmString,
    scope: scope.values,
    hit: served !== undefined,
    served: served
      ? {
          prompt: served.entry.prompt,
          distance: served.entry.distance,
          cachedAt: new Date(served.entry.createdAt),
        }
      : null,
    candidates: choice.candidates,
    distanceThreshold: core.settings.distanceThreshold,
  };
}

/**
 * Embeds `prompt`, searches the entries of `llmString` and `scope` within the threshold and
 * lets the verifiers choose among them. For a `lookup` (rather than an explanation) it also
 * reads the stored vectors when a hit must be written again (sliding TTL), and reports and
 * deletes the entries it could not read.
 */
export async function findHit(
  core: CacheCore,
  scope: ResolvedScope,
  prompt: string,
  llmString: string,
  options: { lookup: boolean },
): Promise<Choice & { vector: number[] }> {
  const { settings } = core;
  const vector = await core.embed(prompt);
  const { entries, corrupt } = await core.entries.search(vector, llmString, scope, {
    k: settings.candidates,
    distanceThreshold: settings.distanceThreshold,
    returnVectors: options.lookup && settings.sliding,
  });
  const choice = await chooseCandidate(prompt, entries, settings.verifiers, (texts) =>
    core.embedTexts(texts),
  );
  if (options.lookup) {
    const unreadable = [...corrupt, ...choice.unreadable];
    for (const { error } of unreadable) core.report(error, CACHE_OPERATION.lookup);
    if (unreadable.length > 0) {
      core.background(() => core.entries.remove(unreadable), CACHE_OPERATION.lookup);
    }
  }
  return { ...choice, vector };
}

/**
 * What a lookup would do, found the same way ({@link findHit}) without changing anything, and
 * the distance of the nearest entry even when it lies beyond the threshold.
 */
export async function explainLookup(
  core: CacheCore,
  scope: ResolvedScope,
  prompt: string,
  llmString: string,
): Promise<LookupExplanation> {
  const { settings } = core;
  const { choice, nearestDistance } = await core.deadlines.bound(async () => {
    const found = await findHit(core, scope, prompt, llmString, { lookup: false });
    let nearest = found.candidates[0]?.distance;
    if (nearest === undefined) {
      const { entries } = await core.entries.search(found.vector, llmString, scope, { k: 1 });
      nearest = entries[0]?.distance;
    }
    return { choice: found, nearestDistance: nearest ?? null };
  }, 'RedisSemanticCache.explain');
  return {
    hit: choice.served !== undefined,
    distance: choice.served?.entry.distance ?? null,
    nearestDistance,
    generations: choice.served?.generations ?? null,
    distanceThreshold: settings.distanceThreshold,
    candidates: choice.candidates,
  };
}
