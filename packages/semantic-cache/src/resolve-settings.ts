import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import {
  type CacheErrorListener,
  InvalidArgumentError,
  TTL_MODE,
  VECTOR_ENGINE,
  type VectorEngineOption,
} from '@x/redis-core';
import { checkTimeoutMs, ttlMilliseconds, validatePrefix } from '@x/redis-core/internal';
import { type ResolvedScope, resolveScope } from './cache-scope.js';
import { PARTITION_NAME_EXTRA } from './entry-layouts.js';
import type {
  RedisSemanticCacheOptions,
  SemanticEmbeddingsCacheOptions,
} from './semantic-cache-options.js';
import type { LookupDetails } from './semantic-lookup.js';
import { DEFAULT_VERIFIERS, type HitVerifier } from './verifiers/index.js';

/** The default `distanceThreshold`, as LangChain Python's `RedisSemanticCache`. */
export const DEFAULT_DISTANCE_THRESHOLD = 0.2;
/** The default `name`, as LangChain Python's `RedisSemanticCache`. */
export const DEFAULT_NAME = 'llmcache';
/** The default `timeoutMs`. */
export const DEFAULT_TIMEOUT_MS = 2000;
/** The default `candidates`. */
export const DEFAULT_CANDIDATES = 4;
const MAX_CANDIDATES = 64;

/** The settings a cache runs with, checked. */
export interface SemanticCacheSettings {
  embeddings: EmbeddingsInterface;
  distanceThreshold: number;
  /** The time to live in milliseconds, or `undefined` for no expiry. */
  ttlMs: number | undefined;
  sliding: boolean;
  name: string;
  engine: VectorEngineOption;
  scope: ResolvedScope;
  verifiers: readonly HitVerifier[];
  candidates: number;
  /** `undefined` when the embeddings cache is off. */
  embeddingsCache: { ttlMs: number | undefined; model: string | undefined } | undefined;
  timeoutMs: number;
  onError: CacheErrorListener | undefined;
  onLookup: ((details: LookupDetails) => void) | undefined;
}

/** The longest name: the vector-set engine's partition indexes add to it (see `entry-layouts`). */
const MAX_NAME_LENGTH = 128 - PARTITION_NAME_EXTRA;

function checkName(name: unknown): string {
  const checked = validatePrefix(name, 'name');
  if (checked.length > MAX_NAME_LENGTH) {
    throw new InvalidArgumentError(
      `\`name\` must be at most ${MAX_NAME_LENGTH} characters (a partition's index adds ${PARTITION_NAME_EXTRA} to it), got ${checked.length}`,
    );
  }
  return checked;
}

function checkVerifiers(verifiers: unknown): readonly HitVerifier[] {
  if (verifiers === undefined) return DEFAULT_VERIFIERS;
  const valid =
    Array.isArray(verifiers) &&
    verifiers.every(
      (verifier: Partial<HitVerifier> | null) =>
        typeof verifier?.verify === 'function' && typeof verifier.name === 'string',
    );
  if (!valid) {
    throw new InvalidArgumentError(
      '`verifiers` must be an array of { name, verify(candidate) } objects; pass [] to turn verification off',
    );
  }
  return Object.freeze([...verifiers]);
}

function checkEmbeddingsCache(
  option: boolean | SemanticEmbeddingsCacheOptions | undefined,
  ttlMs: number | undefined,
): SemanticCacheSettings['embeddingsCache'] {
  if (option === false) return undefined;
  if (option === undefined || option === true) return { ttlMs, model: undefined };
  if (typeof option !== 'object' || option === null) {
    throw new InvalidArgumentError('`embeddingsCache` must be a boolean or { ttl?, model? }');
  }
  if (option.model !== undefined && (typeof option.model !== 'string' || option.model === '')) {
    throw new InvalidArgumentError('`embeddingsCache.model` must be a non-empty string');
  }
  return {
    ttlMs: option.ttl === undefined ? ttlMs : ttlMilliseconds(option.ttl),
    model: option.model,
  };
}

/**
 * Checks the options that are not about the connection and applies the defaults.
 *
 * @throws {InvalidArgumentError} naming the option that is wrong and what it accepts.
 * @throws {InvalidKeyError} when `name` is not a valid key prefix.
 */
export function resolveSettings(options: RedisSemanticCacheOptions): SemanticCacheSettings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      'RedisSemanticCache needs options: { url | client, embeddings }',
    );
  }
  const { embeddings, distanceThreshold = DEFAULT_DISTANCE_THRESHOLD } = options;
  const { ttlMode = TTL_MODE.fixed, engine = VECTOR_ENGINE.auto } = options;
  const { candidates = DEFAULT_CANDIDATES, onError, onLookup } = options;
  if (typeof embeddings?.embedQuery !== 'function') {
    throw new InvalidArgumentError(
      '`embeddings` must be a LangChain Embeddings object (e.g. new OpenAIEmbeddings())',
    );
  }
  if (
    typeof distanceThreshold !== 'number' ||
    !(distanceThreshold >= 0 && distanceThreshold <= 2)
  ) {
    throw new InvalidArgumentError(
      `\`distanceThreshold\` must be a cosine distance from 0 to 2, got ${String(distanceThreshold)}`,
    );
  }
  const ttlMs = ttlMilliseconds(options.ttl);
  if (ttlMode !== TTL_MODE.fixed && ttlMode !== TTL_MODE.sliding) {
    throw new InvalidArgumentError(
      `\`ttlMode\` must be 'fixed' or 'sliding', got ${JSON.stringify(ttlMode)}`,
    );
  }
  if (ttlMode === TTL_MODE.sliding && ttlMs === undefined) {
    throw new InvalidArgumentError("`ttlMode: 'sliding'` needs a `ttl` to slide");
  }
  if (!Object.values(VECTOR_ENGINE).includes(engine)) {
    throw new InvalidArgumentError(
      `\`engine\` must be 'auto', 'query-engine' or 'vector-set', got ${JSON.stringify(engine)}`,
    );
  }
  if (!Number.isInteger(candidates) || candidates < 1 || candidates > MAX_CANDIDATES) {
    throw new InvalidArgumentError(
      `\`candidates\` must be an integer from 1 to ${MAX_CANDIDATES}, got ${String(candidates)}`,
    );
  }
  for (const [name, listener] of [
    ['onError', onError],
    ['onLookup', onLookup],
  ] as const) {
    if (listener !== undefined && typeof listener !== 'function') {
      throw new InvalidArgumentError(`\`${name}\` must be a function`);
    }
  }
  return {
    embeddings,
    distanceThreshold,
    ttlMs,
    sliding: ttlMode === TTL_MODE.sliding,
    name: checkName(options.name ?? DEFAULT_NAME),
    engine,
    scope: resolveScope(options.scope),
    verifiers: checkVerifiers(options.verifiers),
    candidates,
    embeddingsCache: checkEmbeddingsCache(options.embeddingsCache, ttlMs),
    timeoutMs: checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS,
    onError,
    onLookup,
  };
}
