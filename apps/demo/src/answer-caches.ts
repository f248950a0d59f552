import { type AIMessage, isAIMessage } from '@langchain/core/messages';
import type { ChatGeneration, Generation } from '@langchain/core/outputs';
import type { RedisCache } from '@x/llm-cache';

/** Where an answer came from. */
export const ANSWER_SOURCE = {
  model: 'model',
  exact: 'exact',
  semantic: 'semantic',
} as const;

/** One of the {@link ANSWER_SOURCE} values. */
export type AnswerSource = (typeof ANSWER_SOURCE)[keyof typeof ANSWER_SOURCE];

/** What the semantic cache's lookup tells the demo. */
export interface SemanticLookup {
  /** The stored generations of the nearest prompt close enough, or `null` on a miss. */
  generations: Generation[] | null;
  /** The distance of the prompt that was served (`null` on a miss). */
  distance: number | null;
  /**
   * The distance of the nearest stored prompt within the threshold, served or refused by a
   * verifier (`null` when none is).
   */
  nearestDistance: number | null;
}

/** The semantic cache as the demo uses it: a seam in front of `RedisSemanticCache`. */
export interface SemanticAnswerCache {
  lookup(prompt: string, llmString: string): Promise<SemanticLookup>;
  update(prompt: string, llmString: string, generations: Generation[]): Promise<void>;
  /** Lookups that hit and missed; `refused`: misses where a verifier refused a near question. */
  stats(): { hits: number; misses: number; refused: number };
}

/** An answer a cache returned. */
export interface CachedAnswer {
  source: typeof ANSWER_SOURCE.exact | typeof ANSWER_SOURCE.semantic;
  /** The answer as the model gave it, with what the demo stored beside it. */
  message: AIMessage;
  /** Cosine distance of the stored question (0 for the exact cache). */
  distance: number;
}

/** The result of looking up a question in both caches. */
export interface AnswerLookup {
  hit: CachedAnswer | null;
  /** The nearest stored question's distance, when the semantic cache said. */
  nearestDistance: number | null;
}

function firstMessage(generations: Generation[] | null): AIMessage | undefined {
  const message = (generations?.[0] as ChatGeneration | undefined)?.message;
  return message !== undefined && isAIMessage(message) ? message : undefined;
}

/**
 * The exact cache, then the semantic cache, keyed by the question and by `scope` (the model,
 * the corpus version and the filter: what else decides the answer). Both fail open: when Redis
 * is away a lookup is a miss and an update is skipped.
 */
export class AnswerCaches {
  readonly exact: RedisCache;
  readonly semantic: SemanticAnswerCache | undefined;

  constructor(exact: RedisCache, semantic?: SemanticAnswerCache) {
    this.exact = exact;
    this.semantic = semantic;
  }

  async lookup(question: string, scope: string): Promise<AnswerLookup> {
    const exact = firstMessage(await this.exact.lookup(question, scope));
    if (exact)
      return {
        hit: { source: ANSWER_SOURCE.exact, message: exact, distance: 0 },
        nearestDistance: 0,
      };
    if (!this.semantic) return { hit: null, nearestDistance: null };
    const semantic = await this.semantic.lookup(question, scope);
    const message = firstMessage(semantic.generations);
    return {
      hit: message
        ? { source: ANSWER_SOURCE.semantic, message, distance: semantic.distance ?? 0 }
        : null,
      nearestDistance: semantic.nearestDistance,
    };
  }

  /** Stores the model's answer in both caches. */
  async update(question: string, scope: string, message: AIMessage): Promise<void> {
    const generations: ChatGeneration[] = [{ text: message.text, message }];
    await Promise.all([
      this.exact.update(question, scope, generations),
      this.semantic?.update(question, scope, generations),
    ]);
  }

  /** Hits and misses of each cache since the server started. */
  stats(): {
    exact: { hits: number; misses: number };
    semantic: { hits: number; misses: number; refused: number } | null;
  } {
    const exact = this.exact.stats();
    return {
      exact: { hits: exact.hits, misses: exact.misses },
      semantic: this.semantic?.stats() ?? null,
    };
  }
}
