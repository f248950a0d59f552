import { InvalidArgumentError } from '@x/redis-core';
import type { CacheCore } from './cache-core.js';
import { type CacheScope, type ResolvedScope, resolveScope } from './cache-scope.js';

/** Options of `RedisSemanticCache.clear`; every option given must match. */
export interface SemanticCacheClearOptions {
  /** Only the entries of these model settings (the `llmString` LangChain passes). */
  llmString?: string;
  /**
   * Only the entries whose scope holds every pair of this one: `{ tenant: 'acme' }` clears
   * every user of that tenant. Not on a scoped cache, which clears only its own scope.
   */
  scope?: CacheScope;
}

/**
 * Deletes the entries `options` select, within what `scope` may touch, and returns how many:
 * a scoped cache only its own scope's entries; an unscoped one any part, or everything (the
 * cached embeddings too).
 *
 * @throws {TypeError} when `llmString` is given and is not a string.
 * @throws {InvalidArgumentError} for `scope` on a scoped cache, or an empty `scope`.
 * @throws {RedisOperationError} when Redis fails.
 */
export async function clearEntries(
  core: CacheCore,
  scope: ResolvedScope,
  options: SemanticCacheClearOptions,
): Promise<number> {
  const { llmString, scope: selected } = options;
  if (llmString !== undefined && typeof llmString !== 'string') {
    throw new TypeError(
      `RedisSemanticCache: \`llmString\` must be a string, got ${typeof llmString}`,
    );
  }
  const model = llmString === undefined ? {} : { llmString };
  if (scope.parts.length > 0) {
    if (selected !== undefined) {
      throw new InvalidArgumentError(
        'a scoped cache clears only its own scope; clear other scopes from an unscoped cache',
      );
    }
    return core.entries.clear({ exactScope: scope, ...model });
  }
  if (selected !== undefined) {
    const { parts } = resolveScope(selected, 'clear({ scope })');
    if (parts.length === 0) {
      throw new InvalidArgumentError(
        '`clear({ scope: {} })` would select every entry; call clear() to delete them all',
      );
    }
    return core.entries.clear({ scopeParts: parts, ...model });
  }
  if (llmString !== undefined) return core.entries.clear(model);
  const count = await core.entries.clear();
  await core.embeddingsCache?.clear();
  return count;
}
