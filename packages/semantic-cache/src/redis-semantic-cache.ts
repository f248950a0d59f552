import { BaseCache } from '@langchain/core/caches';
import type { Generation } from '@langchain/core/outputs';
import {
  CACHE_OPERATION,
  InvalidArgumentError,
  SerializationError,
  type VectorEngine,
} from '@x/redis-core';
import { requireString, serializeGenerations } from '@x/redis-core/internal';
import { CacheCore, type SemanticCacheStats } from './cache-core.js';
import { type CacheScope, narrowScope, type ResolvedScope } from './cache-scope.js';
import type { Choice } from './choose-candidate.js';
import { clearEntries, type SemanticCacheClearOptions } from './clear-entries.js';
import type { RedisSemanticCacheOptions } from './semantic-cache-options.js';
import {
  type DetailedLookup,
  explainLookup,
  findHit,
  type LookupExplanation,
  lookupDetails,
} from './semantic-lookup.js';

/** What {@link RedisSemanticCache.info} reports. */
export interface SemanticCacheInfo {
  name: string;
  engine: VectorEngine;
  /** Entries stored, in every scope. */
  entries: number;
  /** The vector dimension, once the first entry is written. */
  dimension: number | undefined;
}

/**
 * What {@link RedisSemanticCache.withScope} builds a view of the cache from: the cache's own
 * core (index, connection, settings, counts) and a narrower scope. Only `withScope` makes one.
 */
export class ScopedCacheView {
  /** @internal */
  readonly core: CacheCore;
  /** @internal */
  readonly scope: ResolvedScope;

  /** @internal */
  constructor(core: CacheCore, scope: ResolvedScope) {
    this.core = core;
    this.scope = scope;
  }
}

/**
 * An LLM response cache in Redis for LangChain.js that serves a cached answer to a prompt
 * that means the same as one asked before: "Can you tell me the capital city of France?" gets
 * the answer to "What is the capital of France?". Give it to a model as `cache`.
 *
 * A lookup embeds the prompt and searches the entries of the same model settings (`llmString`)
 * and the same scope, inside the vector query; the nearest entries within `distanceThreshold`
 * are then checked by the verifiers, nearest first, and the first accepted is served. An update
 * stores the generations (every one, chat messages whole), replacing the entry of the same
 * prompt, model and scope. The cache fails open: when Redis or the embedding model fails or is
 * slow, a lookup is a miss and an update is skipped within `timeoutMs`, and `onError` hears
 * why.
 *
 * @example
 * ```ts
 * const cache = new RedisSemanticCache({ url, embeddings: new OpenAIEmbeddings() });
 * const model = new ChatOpenAI({ model: 'gpt-4o-mini', cache });
 * ```
 */
export class RedisSemanticCache extends BaseCache<Generation[]> implements AsyncDisposable {
  readonly #core: CacheCore;
  readonly #scope: ResolvedScope;

  /**
   * @throws {InvalidArgumentError} when an option is wrong (both or neither of `client` and
   *   `url`, no `embeddings`, a threshold outside 0 to 2, ...).
   * @throws {InvalidKeyError} when `name` is not a valid key prefix.
   */
  constructor(options: RedisSemanticCacheOptions | ScopedCacheView) {
    super();
    if (options instanceof ScopedCacheView) {
      this.#core = options.core;
      this.#scope = options.scope;
    } else {
      this.#core = new CacheCore(options);
      this.#scope = this.#core.settings.scope;
    }
  }

  /** The scope this cache reads and writes (keys sorted, values as strings). */
  get scope(): Readonly<Record<string, string>> {
    return this.#scope.values;
  }

  /**
   * The generations cached for a prompt that means the same as `prompt` under the model
   * settings `llmString` and this cache's scope, or `null` on a miss. Never rejects because of
   * Redis or the embedding model: a failure or a timeout is a miss that `onError` hears about.
   *
   * @throws {TypeError} when `prompt` or `llmString` is not a string.
   */
  async lookup(prompt: string, llmString: string): Promise<Generation[] | null> {
    return (await this.lookupWithDetails(prompt, llmString)).generations;
  }

  /**
   * A {@link lookup} (the same search, counts and refresh) that also says how it decided: the
   * entry served and its distance, or on a miss each candidate within the threshold and the
   * verifier that refused it. No second search: these are the lookup's own findings.
   *
   * @throws {TypeError} when `prompt` or `llmString` is not a string.
   */
  async lookupWithDetails(prompt: string, llmString: string): Promise<DetailedLookup> {
    requireString(prompt, 'prompt', 'RedisSemanticCache');
    requireString(llmString, 'llmString', 'RedisSemanticCache');
    const core = this.#core;
    const { settings, stats } = core;
    let choice: Choice;
    try {
      choice = await core.deadlines.bound(
        () => findHit(core, this.#scope, prompt, llmString, { lookup: true }),
        'RedisSemanticCache.lookup',
      );
    } catch (error) {
      stats.misses++;
      core.report(error, CACHE_OPERATION.lookup);
      return { generations: null, details: null };
    }
    const details = lookupDetails(core, this.#scope, prompt, llmString, choice);
    core.notifyLookup(details);
    const { served } = choice;
    if (served === undefined) {
      stats.misses++;
      if (choice.candidates.some(({ outcome }) => outcome.status === 'refused')) stats.refused++;
      return { generations: null, details };
    }
    stats.hits++;
    const { ttlMs } = settings;
    if (settings.sliding && ttlMs !== undefined) {
      core.background(() => core.entries.rewrite(served.entry, ttlMs), CACHE_OPERATION.refresh);
    }
    return { generations: served.generations, details };
  }

  /**
   * Stores `generations` for `prompt` under `llmString` and this cache's scope, replacing the
   * entry of the same prompt, model and scope. Never rejects because of Redis, the embedding
   * model or what cannot be serialized: the update is skipped and `onError` hears why.
   *
   * @throws {TypeError} when `prompt` or `llmString` is not a string.
   */
  async update(prompt: string, llmString: string, generations: Generation[]): Promise<void> {
    requireString(prompt, 'prompt', 'RedisSemanticCache');
    requireString(llmString, 'llmString', 'RedisSemanticCache');
    const core = this.#core;
    let text: string;
    try {
      text = serializeGenerations(generations);
    } catch (error) {
      const typed = SerializationError.isInstance(error)
        ? error
        : new SerializationError('the generations cannot be stored', { cause: error });
      core.report(typed, CACHE_OPERATION.update);
      return;
    }
    try {
      await core.deadlines.bound(async () => {
        const vector = await core.embed(prompt);
        const entry = { prompt, llmString, scope: this.#scope, generations: text };
        await core.entries.write(entry, vector, core.settings.ttlMs);
      }, 'RedisSemanticCache.update');
    } catch (error) {
      core.report(error, CACHE_OPERATION.update);
    }
  }

  /**
   * What a lookup of `prompt` would do, and why: the distance of the entry it would serve and
   * of the nearest entry, and each candidate within the threshold with the verifier that
   * refused it. Changes nothing: no counts, no sliding refresh. Unlike a lookup it rejects
   * when Redis or the model fails, so that the cause shows.
   *
   * @throws {TypeError} when `prompt` or `llmString` is not a string.
   * @throws {RedisOperationError}, {@link EmbeddingError} or the index's errors.
   */
  async explain(prompt: string, llmString: string): Promise<LookupExplanation> {
    requireString(prompt, 'prompt', 'RedisSemanticCache');
    requireString(llmString, 'llmString', 'RedisSemanticCache');
    return explainLookup(this.#core, this.#scope, prompt, llmString);
  }

  /**
   * Deletes entries and resolves to how many. Without options: every entry of this cache
   * (every scope, and the cached embeddings), or on a scoped cache every entry of its scope.
   * With `llmString` and/or `scope`: only those. The index stays. Unlike lookups it rejects
   * when Redis fails.
   *
   * @throws {InvalidArgumentError} for `scope` on a scoped cache, or an empty `scope`.
   * @throws {RedisOperationError} when Redis fails.
   */
  clear(options: SemanticCacheClearOptions = {}): Promise<number> {
    return clearEntries(this.#core, this.#scope, options);
  }

  /**
   * Deletes the index, every entry and the cached embeddings: for a new embedding model
   * (whose dimension the index cannot take) or to remove the cache for good.
   *
   * @throws {InvalidArgumentError} on a scoped cache.
   * @throws {RedisOperationError} when Redis fails.
   */
  async drop(): Promise<void> {
    if (this.#scope.parts.length > 0) {
      throw new InvalidArgumentError('a scoped cache cannot drop the whole cache');
    }
    await this.#core.entries.drop();
    await this.#core.embeddingsCache?.clear();
  }

  /**
   * A view of this cache narrowed to `scope` (added to this cache's own): the same index,
   * connection, settings and counts, but lookups and updates only under the new scope. Make one
   * per request: `new ChatOpenAI({ cache: cache.withScope({ user: session.userId }) })`.
   *
   * @throws {InvalidArgumentError} for an invalid scope, or one that changes a key this cache
   *   already has.
   */
  withScope(scope: CacheScope): RedisSemanticCache {
    return new RedisSemanticCache(new ScopedCacheView(this.#core, narrowScope(this.#scope, scope)));
  }

  /**
   * The engine, the number of entries (every scope) and the dimension. Rejects when the server
   * cannot hold the cache or an index of the same name was built for something else: call it
   * at startup to find out, since lookups fail open.
   *
   * @throws {CapabilityError}, {@link SchemaMismatchError} or {@link RedisOperationError}.
   */
  async info(): Promise<SemanticCacheInfo> {
    const info = await this.#core.entries.info();
    return {
      name: info.name,
      engine: info.engine,
      entries: info.documents,
      dimension: info.dimension,
    };
  }

  /** A copy of the counts since the cache was created, shared by its scoped views. */
  stats(): SemanticCacheStats {
    return { ...this.#core.stats };
  }

  /**
   * Waits for background work (sliding refreshes), then closes the client created from `url`;
   * a `client` you passed in stays open. Closes it for every scoped view.
   */
  close(): Promise<void> {
    return this.#core.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
