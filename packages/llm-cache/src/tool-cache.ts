import { isToolMessage, ToolMessage } from '@langchain/core/messages';
import type { ChatGeneration } from '@langchain/core/outputs';
import { InvalidArgumentError } from '@x/redis-core';
import { type AnswerScope, checkTtlSeconds, contentText } from '@x/redis-core/internal';
import type { RedisCache } from './redis-cache.js';

/** How one listed tool's results are kept. */
export interface CachedToolOptions {
  /** Seconds a result is served for; the cache's own `ttl` when omitted. */
  readonly ttl?: number;
}

/** Options of `toolCacheMiddleware`. */
export interface ToolCacheOptions {
  /**
   * The tools whose results are cached, by name, each with its time to live: `{ weather: {
   * ttl: 600 }, exchange_rate: { ttl: 60 } }`. Tools not listed are never cached.
   */
  readonly tools: Readonly<Record<string, CachedToolOptions>>;
  /**
   * The scope of each call, from the agent's runtime context, as the model cache's: results are
   * served only within the scope they were stored in; no scope (`undefined`), no cache.
   */
  readonly scope?: (runtime: { readonly context?: unknown }) => AnswerScope | undefined | null;
  /** The middleware's name in the agent. @default 'RedisToolCacheMiddleware' */
  readonly name?: string;
}

/** What a tool cache middleware has done since it was made. */
export interface ToolCacheStats {
  /** Tool calls answered from the cache: the tool did not run. */
  hits: number;
  /** Calls of listed tools the cache could not answer: the tool ran. */
  misses: number;
  /** Results handed to the cache (never an error, never a tool not listed). */
  stored: number;
}

/** What a tool call looks like to the cache (LangChain's `ToolCallRequest`). */
export interface ToolCallLike {
  readonly toolCall: { readonly name: string; readonly args: unknown; readonly id?: string };
  readonly runtime?: { readonly context?: unknown };
}

/** JSON with every object's keys sorted: the same arguments in any order and spacing. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((key) => [key, (item as Record<string, unknown>)[key]]),
        )
      : item,
  );
}

/** The cache's key for a tool's results: its name and the scope. */
function toolKey(name: string, scope: AnswerScope | undefined): string {
  const sorted = Object.keys(scope ?? {})
    .sort()
    .map((key) => [key, String(scope?.[key])]);
  return `tool\0${name}\0${JSON.stringify(sorted)}`;
}

/** Checks the options: every listed tool's `ttl`, and `scope`. */
function checkOptions(options: ToolCacheOptions): Map<string, number | undefined> {
  if (typeof options?.tools !== 'object' || options.tools === null) {
    throw new InvalidArgumentError('`tools` must map tool names to `{ ttl }`');
  }
  if (options.scope !== undefined && typeof options.scope !== 'function') {
    throw new InvalidArgumentError('`scope` must be a function of the runtime');
  }
  return new Map(
    Object.entries(options.tools).map(([name, tool]) => [
      name,
      checkTtlSeconds(tool?.ttl, `tools.${name}.ttl`),
    ]),
  );
}

/**
 * The tool-result cache of `toolCacheMiddleware`: a listed tool's result for the same
 * arguments (compared as canonical JSON) and scope is served within its time to live, without
 * running the tool. Errors (a thrown tool, a result with status `error`) and `Command`s are
 * never stored.
 */
export class ToolCallCache {
  readonly #cache: RedisCache;
  readonly #ttls: Map<string, number | undefined>;
  readonly #scope: ToolCacheOptions['scope'];
  readonly #stats: ToolCacheStats = { hits: 0, misses: 0, stored: 0 };

  /** @throws {InvalidArgumentError} for a `ttl` that is not a positive number, or a bad `scope`. */
  constructor(cache: RedisCache, options: ToolCacheOptions) {
    this.#ttls = checkOptions(options);
    this.#cache = cache;
    this.#scope = options.scope;
  }

  /** A copy of the counts. */
  stats(): ToolCacheStats {
    return { ...this.#stats };
  }

  /** `wrapToolCall`: serves a listed tool's stored result, or runs the tool and stores it. */
  async wrap<R extends ToolCallLike, T>(request: R, handler: (request: R) => Promise<T> | T) {
    const { name, args, id } = request.toolCall;
    if (!this.#ttls.has(name)) return handler(request);
    const scope = this.#scope?.(request.runtime ?? {}) ?? undefined;
    if (this.#scope !== undefined && scope === undefined) return handler(request);
    const prompt = canonicalJson(args ?? {});
    const key = toolKey(name, scope);
    const stored = (await this.#cache.lookup(prompt, key))?.[0] as ChatGeneration | undefined;
    if (stored?.message !== undefined && isToolMessage(stored.message)) {
      this.#stats.hits++;
      return new ToolMessage({
        content: stored.message.content,
        tool_call_id: id ?? stored.message.tool_call_id,
        name,
        ...(stored.message.artifact === undefined ? {} : { artifact: stored.message.artifact }),
        response_metadata: { cache: { hit: true, source: 'exact' } },
      });
    }
    this.#stats.misses++;
    const result = await handler(request);
    if (isToolMessage(result as ToolMessage) && (result as ToolMessage).status !== 'error') {
      const message = result as ToolMessage;
      const ttl = this.#ttls.get(name);
      const generation = { text: contentText(message.content), message };
      await this.#cache.update(prompt, key, [generation], ttl === undefined ? {} : { ttl });
      this.#stats.stored++;
    }
    return result;
  }
}
