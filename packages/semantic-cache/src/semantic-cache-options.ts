import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type {
  CacheErrorListener,
  ConnectionOptions,
  TtlMode,
  VectorEngineOption,
} from '@x/redis-core';
import type { CacheScope } from './cache-scope.js';
import type { LookupDetails } from './semantic-lookup.js';
import type { HitVerifier } from './verifiers/index.js';

/** Settings of the embeddings cache the semantic cache puts in front of its model. */
export interface SemanticEmbeddingsCacheOptions {
  /** Seconds a vector stays. @default the cache's `ttl` (for ever without one) */
  ttl?: number;
  /** Names the model in the keys. @default inferred (see `RedisEmbeddingsCache`) */
  model?: string;
}

/** How a {@link RedisSemanticCache} finds and keeps entries: every option but the connection. */
export interface SemanticCacheOptions {
  /** Embeds prompts: any LangChain `Embeddings`. Entries are comparable only with one model. */
  embeddings: EmbeddingsInterface;
  /**
   * The largest cosine distance (1 − cosine similarity, 0 to 2) at which a cached prompt
   * counts as the same question. Smaller is stricter. It depends on the model: see the README
   * for how to choose it. @default 0.2 (as LangChain Python's `RedisSemanticCache`)
   */
  distanceThreshold?: number;
  /** How long an entry lives, in seconds (fractions allowed). @default undefined: for ever */
  ttl?: number;
  /**
   * `'fixed'`: an entry expires `ttl` seconds after it was written. `'sliding'`: each hit
   * gives the entry `ttl` seconds again (written just after the hit is returned; needs
   * `ttl`). @default 'fixed'
   */
  ttlMode?: TtlMode;
  /**
   * The index name and the start of every key (`<name>:...`): letters, digits, `_`, `.`, `-`
   * in `:`-separated segments. Caches of different names never see each other's entries.
   * @default 'llmcache'
   */
  name?: string;
  /**
   * `'query-engine'` (Redis Query Engine, `FT.*`), `'vector-set'` (vector sets, built into
   * Redis 8) or `'auto'`: the query engine when the server has it, else vector sets.
   * @default 'auto'
   */
  engine?: VectorEngineOption;
  /**
   * Whose entries this cache reads and writes, e.g. `{ tenant: 'acme', user: '42' }`. A
   * lookup only ever finds entries written under exactly the same scope. Use
   * `cache.withScope()` for a scope per request. @default {} (entries of no scope)
   */
  scope?: CacheScope;
  /**
   * Checks that decide whether a cached answer found near the prompt is right for it (numbers,
   * negation, order, names...). `[]` turns verification off: the nearest entry within the
   * threshold is served. @default DEFAULT_VERIFIERS
   */
  verifiers?: readonly HitVerifier[];
  /**
   * How many entries within the threshold a lookup reads, nearest first. The nearest is served
   * when every verifier accepts it; once one is refused, only an entry cached for exactly this
   * prompt may still be served, and an unreadable one is skipped. @default 4
   */
  candidates?: number;
  /**
   * Keep the vector of each prompt in Redis (`<name>:emb:<sha256>`), so that a prompt is
   * embedded once: by the lookup that missed, not again by the update that follows, nor by a
   * later lookup of the same text. `false` embeds every time. @default true
   */
  embeddingsCache?: boolean | SemanticEmbeddingsCacheOptions;
  /**
   * The longest a lookup or an update may take, in milliseconds, the embedding call
   * included; past it a lookup is a miss and an update is skipped (`onError` hears a
   * `RedisOperationError` with reason `timeout`). The Redis part takes about a millisecond;
   * the rest is room for an embedding API. @default 2000
   */
  timeoutMs?: number;
  /** Hears errors the cache swallows (see {@link CacheErrorListener}). @default ignore them */
  onError?: CacheErrorListener;
  /**
   * Hears how each lookup decided, from the lookup itself (no second search): the entry served
   * and its distance, or the candidates refused. Called once per lookup that did not fail, also
   * for lookups LangChain makes through a model's `cache`; what it throws is ignored.
   */
  onLookup?: (details: LookupDetails) => void;
}

/** Options of {@link RedisSemanticCache}: a `client` or a `url`, and how entries are kept. */
export type RedisSemanticCacheOptions = ConnectionOptions & SemanticCacheOptions;
