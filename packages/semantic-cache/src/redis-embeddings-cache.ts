import { Embeddings, type EmbeddingsInterface } from '@langchain/core/embeddings';
import {
  type ConnectionOptions,
  InvalidArgumentError,
  RedisConnection,
  type RedisStoreError,
} from '@x/redis-core';
import {
  checkTimeoutMs,
  toRedisOperationError,
  ttlMilliseconds,
  validatePrefix,
} from '@x/redis-core/internal';
import { checkEmbedding, EmbeddingError } from './embedding-error.js';
import { type EmbeddingPurpose, EmbeddingStore } from './embedding-store.js';
import { embeddingsModelName } from './embeddings-model-name.js';

/** How a {@link RedisEmbeddingsCache} keeps vectors: every option but the connection. */
export interface EmbeddingsCacheOptions {
  /** The model whose vectors are cached (any LangChain `Embeddings`). */
  embeddings: EmbeddingsInterface;
  /**
   * Names the model in every key, so that two models never share a vector. @default the
   * class name of `embeddings` with its `model` (or `modelName`) and `dimensions` when it has
   * them; give it when two objects of one class embed differently in some other way.
   */
  model?: string;
  /** Keys are `<prefix>:emb:<sha256>`. @default 'embeddings' */
  prefix?: string;
  /** How long a vector stays, in seconds (fractions allowed). @default undefined: for ever */
  ttl?: number;
  /**
   * The longest one batch of reads or writes may take, in milliseconds; past it the cache
   * asks the model instead, or skips the write. @default 1000
   */
  timeoutMs?: number;
  /**
   * Hears Redis failures the cache swallows (it then asks the model): `RedisOperationError`
   * or `CorruptDataError`. Errors of the model itself are thrown, not reported here.
   */
  onError?: (error: RedisStoreError) => void;
}

/** Options of {@link RedisEmbeddingsCache}: a `client` or a `url`, and the cache settings. */
export type RedisEmbeddingsCacheOptions = ConnectionOptions & EmbeddingsCacheOptions;

// Lets the semantic cache share its connection, which connects lazily (a `client` option would
// not): not part of the options' type.

const DEFAULT_PREFIX = 'embeddings';
const DEFAULT_TIMEOUT_MS = 1000;

/**
 * LangChain `Embeddings` that keeps every vector it gets from a model in Redis, keyed by the
 * model's name and the exact text, so that a text is embedded once. Query and document vectors
 * are kept apart, since some models embed the two differently. Redis failures never fail an
 * embedding: the model is asked instead and `onError` hears why.
 *
 * @example
 * ```ts
 * const embeddings = new RedisEmbeddingsCache({ url, embeddings: new OpenAIEmbeddings(), ttl: 86_400 });
 * const vectors = await embeddings.embedDocuments(texts); // a second call sends nothing to OpenAI
 * ```
 */
export class RedisEmbeddingsCache extends Embeddings implements AsyncDisposable {
  /** The wrapped model. */
  readonly embeddings: EmbeddingsInterface;
  /** The model name in the keys. */
  readonly model: string;
  readonly #connection: RedisConnection;
  readonly #store: EmbeddingStore;
  readonly #onError: ((error: RedisStoreError) => void) | undefined;

  /**
   * @throws {InvalidArgumentError} when an option is wrong.
   * @throws {InvalidKeyError} when `prefix` is not a valid key prefix.
   */
  constructor(options: RedisEmbeddingsCacheOptions) {
    super({});
    const { embeddings, model, prefix = DEFAULT_PREFIX, ttl, timeoutMs, onError } = options;
    if (typeof embeddings?.embedQuery !== 'function') {
      throw new InvalidArgumentError('`embeddings` must be a LangChain Embeddings object');
    }
    if (model !== undefined && (typeof model !== 'string' || model.length === 0)) {
      throw new InvalidArgumentError('`model` must be a non-empty string');
    }
    if (onError !== undefined && typeof onError !== 'function') {
      throw new InvalidArgumentError('`onError` must be a function');
    }
    this.embeddings = embeddings;
    this.model = model ?? embeddingsModelName(embeddings);
    this.#onError = onError;
    this.#connection = RedisConnection.from(options, (error) =>
      this.#report(toRedisOperationError(error, 'RedisEmbeddingsCache connection')),
    );
    this.#store = new EmbeddingStore(this.#connection, {
      prefix: validatePrefix(prefix),
      model: this.model,
      ttlMs: ttlMilliseconds(ttl),
      timeoutMs: checkTimeoutMs(timeoutMs) ?? DEFAULT_TIMEOUT_MS,
    });
  }

  /** The vector of `text` as a query: from Redis, or from the model (and then stored). */
  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.#embed([text], 'query');
    return vector as number[];
  }

  /** The vectors of `texts` as documents: those Redis has, and the rest from the model. */
  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.#embed(texts, 'document');
  }

  /**
   * Deletes every vector under this cache's prefix, of every model, and returns how many.
   *
   * @throws {RedisOperationError} when Redis fails.
   */
  clear(): Promise<number> {
    return this.#store.clear();
  }

  /** Closes the client created from `url`; a `client` or `connection` you passed in stays open. */
  async close(): Promise<void> {
    await this.#connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #embed(texts: readonly string[], purpose: EmbeddingPurpose): Promise<number[][]> {
    if (!Array.isArray(texts) || !texts.every((text) => typeof text === 'string')) {
      throw new TypeError('RedisEmbeddingsCache: texts must be strings');
    }
    if (texts.length === 0) return [];
    const keys = texts.map((text) => this.#store.key(text, purpose));
    const vectors = await this.#readStored(keys);
    // Each distinct text the store lacks goes to the model once.
    const missing = new Map<string, string>();
    texts.forEach((text, index) => {
      if (vectors[index] === undefined) missing.set(keys[index] as string, text);
    });
    if (missing.size > 0) {
      const fresh = await this.#fromModel([...missing.values()], purpose);
      if (fresh.length !== missing.size) {
        throw new EmbeddingError(
          `the embedding model ${this.model} returned ${fresh.length} vectors for ${missing.size} texts`,
        );
      }
      const byKey = new Map(
        [...missing.keys()].map((key, index) => [key, checkEmbedding(fresh[index], this.model)]),
      );
      keys.forEach((key, index) => {
        vectors[index] ??= byKey.get(key);
      });
      const entries = [...byKey].map(([key, vector]) => ({ key, vector }));
      await this.#store.write(entries).catch((error: unknown) => this.#report(error));
    }
    return vectors as number[][];
  }

  async #readStored(keys: readonly string[]): Promise<(number[] | undefined)[]> {
    try {
      const { vectors, corrupt } = await this.#store.read(keys);
      for (const error of corrupt) this.#report(error);
      return vectors;
    } catch (error) {
      this.#report(error);
      return keys.map(() => undefined);
    }
  }

  async #fromModel(texts: string[], purpose: EmbeddingPurpose): Promise<number[][]> {
    if (purpose === 'document') return this.embeddings.embedDocuments(texts);
    return Promise.all(texts.map((text) => this.embeddings.embedQuery(text)));
  }

  #report(error: unknown): void {
    try {
      this.#onError?.(error as RedisStoreError);
    } catch {
      // A listener that throws must not fail an embedding that can still be made.
    }
  }
}
