import { AIMessage, type BaseMessage, isAIMessage } from '@langchain/core/messages';
import type { ChatGeneration, Generation } from '@langchain/core/outputs';
import { InvalidArgumentError } from '../errors.js';
import {
  contentText,
  type DescribeOptions,
  describeModelCall,
  type ModelCallRequest,
} from './model-call-key.js';
import { ReplayChatModel, streamingRequested } from './replay.js';

/** Which of the two caches served an answer. */
export type CacheSource = 'exact' | 'semantic';

/** A scope of answers: one user's, one tenant's... (values as the caches take them). */
export type AnswerScope = Readonly<Record<string, string | number | boolean>>;

/** The key of a cacheable model call (see {@link describeModelCall}). */
export type CacheableCall = Extract<ReturnType<typeof describeModelCall>, { cacheable: true }>;

/** An answer a store found: the message as stored, and for a semantic hit its distance. */
export interface StoredAnswer {
  readonly message: BaseMessage;
  readonly distance?: number;
  /** How long the model took to write it, in milliseconds, when known. */
  readonly latencyMs?: number;
}

/** Where a model-call cache keeps answers: one of the two caches, adapted by its package. */
export interface AnswerStore {
  readonly source: CacheSource;
  /** The answer stored for `call` in `scope`; `null` on a miss (a failed lookup is a miss). */
  lookup(call: CacheableCall, scope: AnswerScope | undefined): Promise<StoredAnswer | null>;
  /** Stores `message` for `call` in `scope` (a failed store is skipped, never thrown). */
  store(
    call: CacheableCall,
    scope: AnswerScope | undefined,
    message: AIMessage,
    latencyMs: number,
  ): Promise<void>;
}

/** Options of a model-call cache middleware (`cacheMiddleware`). */
export interface ModelCacheOptions extends DescribeOptions {
  /**
   * The scope of each call, from the agent's runtime context: `(runtime) => ({ user:
   * runtime.context.userId })`. Answers are served only within the scope they were stored in.
   * When it returns `undefined` or `null`, or throws, the call is neither looked up nor stored
   * (never shared by default).
   */
  readonly scope?: (runtime: { readonly context?: unknown }) => AnswerScope | undefined | null;
  /** The middleware's name in the agent. @default 'RedisCacheMiddleware' */
  readonly name?: string;
}

/** What a model-call cache middleware has done since it was made. */
export interface ModelCacheStats {
  /** Model calls answered from the cache. */
  hits: number;
  /** Cacheable calls the cache could not answer: the model was called. */
  misses: number;
  /** Calls not looked up: tool results in the conversation, no user question, no scope. */
  bypassed: number;
  /** Final answers handed to the cache to store (a turn that calls tools never is). */
  stored: number;
  /** The tokens the stored answers had cost, summed over the hits. */
  tokensSaved: { input: number; output: number; total: number };
  /** The time the stored answers had taken the model, summed over the hits, in milliseconds. */
  timeSavedMs: number;
}

/** The marker a served answer carries in `response_metadata.cache`. */
export interface ServedFromCache {
  readonly hit: true;
  readonly source: CacheSource;
  /** A semantic hit's cosine distance to the stored question. */
  readonly distance?: number;
  /** What the answer cost when the model wrote it. */
  readonly savedUsage?: AIMessage['usage_metadata'];
}

/** The answer a cache's generations hold, as a store hands it back; `null` when none. */
export function storedAnswer(
  generations: readonly Generation[] | null,
  distance?: number,
): StoredAnswer | null {
  const generation = generations?.[0] as ChatGeneration | undefined;
  if (generation?.message === undefined) return null;
  const latencyMs: unknown = generation.generationInfo?.latencyMs;
  return {
    message: generation.message,
    ...(distance === undefined ? {} : { distance }),
    ...(typeof latencyMs === 'number' ? { latencyMs } : {}),
  };
}

/** An answer as a cache stores it: its text, the message whole, and how long it took. */
export function answerGeneration(message: AIMessage, latencyMs: number): ChatGeneration {
  return { text: contentText(message.content), message, generationInfo: { latencyMs } };
}

/** Whether an answer is final: no tool call, valid or not. */
function isFinalAnswer(message: unknown): message is AIMessage {
  return (
    isAIMessage(message as BaseMessage) &&
    ((message as AIMessage).tool_calls?.length ?? 0) === 0 &&
    ((message as AIMessage).invalid_tool_calls?.length ?? 0) === 0
  );
}

/**
 * The model-call cache of an agent middleware, written once for both caches: looks a call up
 * before the model, serves a stored final answer (marked in `response_metadata.cache`, its
 * usage zero as LangChain's own cache does), and stores a new final answer after the model.
 */
export class ModelCallCache {
  readonly #store: AnswerStore;
  readonly #options: ModelCacheOptions;
  readonly #stats: ModelCacheStats = {
    hits: 0,
    misses: 0,
    bypassed: 0,
    stored: 0,
    tokensSaved: { input: 0, output: 0, total: 0 },
    timeSavedMs: 0,
  };

  /** @throws {InvalidArgumentError} for options of the wrong kind. */
  constructor(store: AnswerStore, options: ModelCacheOptions = {}) {
    if (options.scope !== undefined && typeof options.scope !== 'function') {
      throw new InvalidArgumentError('`scope` must be a function of the runtime');
    }
    const { history } = options;
    if (
      history !== undefined &&
      history !== 'all' &&
      !(Number.isInteger(history) && history >= 0)
    ) {
      throw new InvalidArgumentError("`history` must be 'all' or a whole number from 0");
    }
    this.#store = store;
    this.#options = options;
  }

  /** A copy of the counts. */
  stats(): ModelCacheStats {
    return { ...this.#stats, tokensSaved: { ...this.#stats.tokensSaved } };
  }

  /** `wrapModelCall`: serves from the cache, or calls the model and stores a final answer. */
  async wrap<R extends ModelCallRequest & { readonly runtime?: { readonly context?: unknown } }>(
    request: R,
    handler: (request: R) => Promise<AIMessage> | AIMessage,
  ): Promise<AIMessage> {
    const call = describeModelCall(request, this.#options);
    const scope = this.#scopeOf(request.runtime ?? {});
    if (!call.cacheable || (this.#options.scope !== undefined && scope === undefined)) {
      this.#stats.bypassed++;
      return handler(request);
    }
    let found: StoredAnswer | null = null;
    try {
      found = await this.#store.lookup(call, scope);
    } catch {
      // A cache that fails is a miss: the model answers.
    }
    if (found !== null && isFinalAnswer(found.message)) {
      const served = this.#served(found);
      // Streamed to a run that streams (an agent with `streamMode: 'messages'`), else whole.
      return streamingRequested() ? replayed(served, request.messages) : served;
    }
    this.#stats.misses++;
    const started = performance.now();
    const answer = await handler(request);
    if (isFinalAnswer(answer)) {
      try {
        await this.#store.store(call, scope, answer, performance.now() - started);
        this.#stats.stored++;
      } catch {
        // Not stored: the answer is still the model's, and is returned.
      }
    }
    return answer;
  }

  /**
   * The call's scope; `undefined` when there is none, or when `scope` throws (a context
   * without the user, say): such a call is neither looked up nor stored, and the model answers.
   */
  #scopeOf(runtime: { readonly context?: unknown }): AnswerScope | undefined {
    try {
      return this.#options.scope?.(runtime) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** The stored answer, marked as served from the cache, its usage zero; counted. */
  #served(found: StoredAnswer): AIMessage {
    const message = found.message as AIMessage;
    const usage = message.usage_metadata;
    this.#stats.hits++;
    this.#stats.tokensSaved.input += usage?.input_tokens ?? 0;
    this.#stats.tokensSaved.output += usage?.output_tokens ?? 0;
    this.#stats.tokensSaved.total += usage?.total_tokens ?? 0;
    this.#stats.timeSavedMs += found.latencyMs ?? 0;
    const cache: ServedFromCache = {
      hit: true,
      source: this.#store.source,
      ...(found.distance === undefined ? {} : { distance: found.distance }),
      ...(usage === undefined ? {} : { savedUsage: usage }),
    };
    // No id: LangGraph's message list would replace an earlier message of the same id.
    return new AIMessage({
      content: message.content,
      additional_kwargs: message.additional_kwargs,
      response_metadata: { ...message.response_metadata, cache },
      usage_metadata: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    });
  }
}

/** `served`, streamed word by word through the run's callbacks as a model would have. */
async function replayed(served: AIMessage, messages: readonly BaseMessage[]): Promise<AIMessage> {
  const streamed = await new ReplayChatModel(served).invoke([...messages]);
  return new AIMessage({
    content: streamed.content,
    additional_kwargs: streamed.additional_kwargs,
    response_metadata: streamed.response_metadata,
    usage_metadata: served.usage_metadata,
    ...(streamed.id === undefined ? {} : { id: streamed.id }),
  });
}
