// `@x/semantic-cache/agents`: the semantic cache for LangChain agents (`createAgent` of
// `langchain`).

import {
  type AnswerScope,
  answerGeneration,
  type ModelCacheOptions,
  type ModelCacheStats,
  ModelCallCache,
  storedAnswer,
} from '@x/redis-core/internal';
import { createMiddleware } from 'langchain';
import type { RedisSemanticCache } from './redis-semantic-cache.js';

export type {
  AnswerScope,
  ModelCacheOptions,
  ModelCacheStats,
  ServedFromCache,
} from '@x/redis-core/internal';

/**
 * A `createAgent` middleware that serves an agent's model calls from `cache` when the user's
 * last message is near one answered before (and its verifiers accept it), with the same model
 * settings, tools, system prompt, conversation before it (`history`, default all of it) and
 * scope; and stores each new final answer under that message.
 *
 * Never served nor stored: a turn whose answer calls tools; a call whose conversation holds
 * tool results (unless `afterToolResults: true`); a call without a scope when `scope` is given.
 * A served answer carries `response_metadata.cache` (`{ hit: true, source: 'semantic',
 * distance }`) and zero usage. `stats()` counts hits, misses and the tokens and time saved.
 *
 * ```ts
 * const agent = createAgent({ model, tools, middleware: [cacheMiddleware(cache, { scope })] });
 * ```
 *
 * @throws {InvalidArgumentError} for options of the wrong kind.
 */
export function cacheMiddleware(cache: RedisSemanticCache, options: ModelCacheOptions = {}) {
  const within = (scope: AnswerScope | undefined) =>
    scope === undefined ? cache : cache.withScope(scope);
  const calls = new ModelCallCache(
    {
      source: 'semantic',
      async lookup(call, scope) {
        const found = await within(scope).lookupWithDetails(call.question, call.settings);
        return storedAnswer(found.generations, found.details?.served?.distance);
      },
      async store(call, scope, message, latencyMs) {
        const generations = [answerGeneration(message, latencyMs)];
        await within(scope).update(call.question, call.settings, generations);
      },
    },
    options,
  );
  return Object.assign(
    createMiddleware({
      name: options.name ?? 'RedisSemanticCacheMiddleware',
      wrapModelCall: (request, handler) => calls.wrap(request, handler),
    }),
    { stats: (): ModelCacheStats => calls.stats() },
  );
}
