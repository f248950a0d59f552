// `@x/llm-cache/agents`: the exact cache for LangChain agents (`createAgent` of `langchain`).

import {
  type AnswerScope,
  answerGeneration,
  type CacheableCall,
  type ModelCacheOptions,
  type ModelCacheStats,
  ModelCallCache,
  storedAnswer,
} from '@x/redis-core/internal';
import { createMiddleware } from 'langchain';
import type { RedisCache } from './redis-cache.js';
import { type ToolCacheOptions, type ToolCacheStats, ToolCallCache } from './tool-cache.js';

export type {
  AnswerScope,
  ModelCacheOptions,
  ModelCacheStats,
  ServedFromCache,
} from '@x/redis-core/internal';
export type { CachedToolOptions, ToolCacheOptions, ToolCacheStats } from './tool-cache.js';

/** The model settings of `call`, and its scope: an answer never crosses either. */
function settingsIn(call: CacheableCall, scope: AnswerScope | undefined): string {
  if (scope === undefined) return call.settings;
  const sorted = Object.keys(scope)
    .sort()
    .map((key) => [key, String(scope[key])]);
  return `${call.settings}\0scope:${JSON.stringify(sorted)}`;
}

/**
 * A `createAgent` middleware that serves an agent's model calls from `cache` when the very same
 * conversation was answered before, with the same model settings, tools, system prompt and
 * scope; and stores each new final answer.
 *
 * Never served nor stored: a turn whose answer calls tools; a call whose conversation holds
 * tool results (unless `afterToolResults: true`); a call without a scope when `scope` is given.
 * A served answer carries `response_metadata.cache` (`{ hit: true, source: 'exact' }`) and zero
 * usage. `stats()` counts hits, misses and the tokens and time the hits saved.
 *
 * ```ts
 * const agent = createAgent({ model, tools, middleware: [cacheMiddleware(cache)] });
 * ```
 *
 * @throws {InvalidArgumentError} for options of the wrong kind.
 */
export function cacheMiddleware(cache: RedisCache, options: ModelCacheOptions = {}) {
  const calls = new ModelCallCache(
    {
      source: 'exact',
      async lookup(call, scope) {
        return storedAnswer(await cache.lookup(call.conversation, settingsIn(call, scope)));
      },
      async store(call, scope, message, latencyMs) {
        const generations = [answerGeneration(message, latencyMs)];
        await cache.update(call.conversation, settingsIn(call, scope), generations);
      },
    },
    options,
  );
  return Object.assign(
    createMiddleware({
      name: options.name ?? 'RedisCacheMiddleware',
      wrapModelCall: (request, handler) => calls.wrap(request, handler),
    }),
    { stats: (): ModelCacheStats => calls.stats() },
  );
}

/**
 * A `createAgent` middleware that caches the results of the tools you list, each for its own
 * time to live: the same tool with the same arguments (in any key order or spacing) in the same
 * scope is answered from Redis without running. Tools not listed, errors (a tool that throws,
 * a result with status `error`) and `Command`s are never cached.
 *
 * ```ts
 * const tools = toolCacheMiddleware(cache, { tools: { weather: { ttl: 600 } } });
 * const agent = createAgent({ model, tools: [weather], middleware: [tools] });
 * ```
 *
 * @throws {InvalidArgumentError} for a `ttl` that is not a positive number, or a bad `scope`.
 */
export function toolCacheMiddleware(cache: RedisCache, options: ToolCacheOptions) {
  const results = new ToolCallCache(cache, options);
  return Object.assign(
    createMiddleware({
      name: options.name ?? 'RedisToolCacheMiddleware',
      wrapToolCall: (request, handler) => results.wrap(request, handler),
    }),
    { stats: (): ToolCacheStats => results.stats() },
  );
}
