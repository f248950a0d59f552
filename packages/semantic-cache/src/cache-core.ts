import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import {
  CACHE_OPERATION,
  type CacheOperation,
  RedisConnection,
  RedisStoreError,
} from '@x/redis-core';
import { Deadlines, toRedisOperationError } from '@x/redis-core/internal';
import { checkEmbedding, EmbeddingError, modelCall } from './embedding-error.js';
import { timedOut } from './option-checks.js';
import { RedisEmbeddingsCache } from './redis-embeddings-cache.js';
import { resolveSettings, type SemanticCacheSettings } from './resolve-settings.js';
import type { RedisSemanticCacheOptions } from './semantic-cache-options.js';
import { SemanticEntries } from './semantic-entries.js';
import type { LookupDetails } from './semantic-lookup.js';

/** What a {@link RedisSemanticCache} has done since it was created (with all its scoped views). */
export interface SemanticCacheStats {
  /** Lookups that returned cached generations. */
  hits: number;
  /** Lookups that returned `null`, for whatever reason (so `hits + misses` = lookups). */
  misses: number;
  /** Misses where entries lay within the threshold but every verifier-checked one was refused. */
  refused: number;
  /** Errors reported to `onError`: failed lookups, updates, refreshes and background work. */
  errors: number;
}

/**
 * Everything a cache and its scoped views share: settings, connection, index, embeddings,
 * counters, and the background work still running.
 */
export class CacheCore {
  readonly settings: SemanticCacheSettings;
  readonly connection: RedisConnection;
  readonly entries: SemanticEntries;
  readonly embeddingsCache: RedisEmbeddingsCache | undefined;
  /** Bounds every lookup and update (the embedding call included) by `timeoutMs`. */
  readonly deadlines: Deadlines;
  readonly stats: SemanticCacheStats = { hits: 0, misses: 0, refused: 0, errors: 0 };
  readonly #embeddings: EmbeddingsInterface;
  readonly #modelName: string;
  readonly #pending = new Set<Promise<void>>();

  constructor(options: RedisSemanticCacheOptions) {
    const settings = resolveSettings(options);
    this.settings = settings;
    this.deadlines = new Deadlines(settings.timeoutMs, timedOut);
    this.connection = RedisConnection.from(options, (error) =>
      this.report(toRedisOperationError(error, 'RedisSemanticCache connection'), 'connection'),
    );
    this.entries = new SemanticEntries(this.connection, {
      name: settings.name,
      engine: settings.engine,
      onSweepError: (error) => this.report(error, CACHE_OPERATION.sweep),
    });
    const cache = settings.embeddingsCache;
    this.embeddingsCache =
      cache === undefined
        ? undefined
        : new RedisEmbeddingsCache({
            connection: this.connection,
            embeddings: settings.embeddings,
            prefix: settings.name,
            ...(cache.model === undefined ? {} : { model: cache.model }),
            ...(cache.ttlMs === undefined ? {} : { ttl: cache.ttlMs / 1000 }),
            timeoutMs: settings.timeoutMs,
            onError: (error) => this.report(error, CACHE_OPERATION.embeddingsCache),
          });
    this.#embeddings = this.embeddingsCache ?? settings.embeddings;
    this.#modelName = settings.embeddings.constructor?.name ?? 'Embeddings';
  }

  /**
   * The vector of `prompt`.
   *
   * @throws {EmbeddingError} when the model fails or returns something that is not a vector.
   */
  async embed(prompt: string): Promise<number[]> {
    const vector = await modelCall(() => this.#embeddings.embedQuery(prompt));
    return checkEmbedding(vector, this.#modelName);
  }

  /**
   * The vectors of `texts` (as documents), for verifiers that compare meanings.
   *
   * @throws {EmbeddingError} when the model fails or returns something that is not a vector.
   */
  async embedTexts(texts: readonly string[]): Promise<number[][]> {
    const vectors: unknown = await modelCall(() => this.#embeddings.embedDocuments([...texts]));
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      throw new EmbeddingError(
        `the embedding model ${this.#modelName} returned no vector for each of ${texts.length} texts`,
      );
    }
    return vectors.map((vector) => checkEmbedding(vector, this.#modelName));
  }

  /** Runs `task` after the caller has its answer; a failure goes to `onError`. */
  background(task: () => Promise<unknown>, operation: CacheOperation): void {
    const running: Promise<void> = Promise.resolve()
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => this.report(error, operation),
      )
      .finally(() => this.#pending.delete(running));
    this.#pending.add(running);
  }

  /** Waits for the background work started so far. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Counts an error and hands it, typed, to `onError`. */
  report(error: unknown, operation: CacheOperation): void {
    this.stats.errors++;
    const typed = RedisStoreError.isInstance(error)
      ? error
      : toRedisOperationError(error, `RedisSemanticCache.${operation}`);
    try {
      this.settings.onError?.(typed, { operation });
    } catch {
      // A listener that throws must not turn a cache failure into a failed model call.
    }
  }

  /** Tells `onLookup` how a lookup decided. */
  notifyLookup(details: LookupDetails): void {
    try {
      const returned: unknown = this.settings.onLookup?.(details);
      // An async listener's rejection is ignored too, not left unhandled.
      if (typeof (returned as { then?: unknown } | undefined)?.then === 'function') {
        (returned as Promise<unknown>).then(undefined, () => {});
      }
    } catch {
      // A listener that throws must not turn a served answer into a failed model call.
    }
  }

  /** Waits for background work, then closes the client created from `url`. */
  async close(): Promise<void> {
    await this.settle();
    await this.connection.close();
  }
}
