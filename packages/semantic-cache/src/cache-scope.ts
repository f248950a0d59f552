import { InvalidArgumentError } from '@x/redis-core';
import { hashParts } from './hashing.js';

/** A value of a scope: numbers and booleans count as their string form (`42` is `'42'`). */
export type ScopeValue = string | number | boolean;

/**
 * Whose entries a cache reads and writes, e.g. `{ tenant: 'acme', user: '42' }`. An entry
 * written under a scope is found only by lookups under exactly the same scope: the same keys
 * with the same values, in any order. Keys and values are any text, the empty string included.
 */
export type CacheScope = Readonly<Record<string, ScopeValue>>;

/** A scope checked and reduced to what the index stores and filters on. */
export interface ResolvedScope {
  /** The scope with its keys sorted and its values as strings. */
  readonly values: Readonly<Record<string, string>>;
  /** Hash of the whole scope: entries match a lookup when theirs is equal. */
  readonly key: string;
  /** One hash per `key=value` pair, so that a clear can select every scope holding a pair. */
  readonly parts: readonly string[];
}

/** Most keys a scope may have. */
export const MAX_SCOPE_KEYS = 16;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function scopeValue(value: unknown, key: string, option: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    if (value.isWellFormed()) return value;
    throw new InvalidArgumentError(
      `\`${option}\`: the value of ${JSON.stringify(key)} holds a lone UTF-16 surrogate`,
    );
  }
  throw new InvalidArgumentError(
    `\`${option}\`: the value of ${JSON.stringify(key)} must be a string, a finite number or a boolean, got ${value === null ? 'null' : typeof value}`,
  );
}

/** The checked `[key, value]` pairs of a scope, sorted by key. */
function scopeEntries(scope: unknown, option: string): [string, string][] {
  if (!isPlainObject(scope)) {
    throw new InvalidArgumentError(
      `\`${option}\` must be a plain object of strings, such as { tenant: 'acme', user: '42' }`,
    );
  }
  const entries = Object.entries(scope);
  if (entries.length > MAX_SCOPE_KEYS) {
    throw new InvalidArgumentError(
      `\`${option}\` has ${entries.length} keys; a scope takes at most ${MAX_SCOPE_KEYS}`,
    );
  }
  return entries
    .map(([key, value]): [string, string] => {
      if (key.length === 0 || !key.isWellFormed()) {
        throw new InvalidArgumentError(
          `\`${option}\` has an empty key or one with a lone UTF-16 surrogate`,
        );
      }
      return [key, scopeValue(value, key, option)];
    })
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
}

function resolved(entries: readonly [string, string][]): ResolvedScope {
  return {
    values: Object.freeze(Object.fromEntries(entries)),
    key: hashParts('scope', entries),
    parts: Object.freeze(entries.map(([key, value]) => hashParts('scope-part', key, value))),
  };
}

/** The scope of a cache created without one: it sees only entries written without one. */
export const EMPTY_SCOPE: ResolvedScope = resolved([]);

/**
 * Checks a scope and computes its hashes. The whole scope hashes its sorted pairs as JSON, so
 * no choice of keys and values can make two different scopes encode alike.
 *
 * @throws {InvalidArgumentError} for anything but a plain object of at most
 *   {@link MAX_SCOPE_KEYS} non-empty keys with string, number or boolean values.
 */
export function resolveScope(scope: unknown, option = 'scope'): ResolvedScope {
  if (scope === undefined) return EMPTY_SCOPE;
  return resolved(scopeEntries(scope, option));
}

/**
 * `base` narrowed by `extra`'s pairs. A key `base` already has keeps its value: a scoped view
 * can never widen or move itself to another tenant.
 *
 * @throws {InvalidArgumentError} when `extra` gives a key of `base` another value, or is not
 *   a valid scope.
 */
export function narrowScope(base: ResolvedScope, extra: unknown): ResolvedScope {
  const merged = new Map(Object.entries(base.values));
  for (const [key, value] of scopeEntries(extra, 'scope')) {
    const current = merged.get(key);
    if (current !== undefined && current !== value) {
      throw new InvalidArgumentError(
        `withScope() cannot change ${JSON.stringify(key)} from ${JSON.stringify(current)} to ${JSON.stringify(value)}: a scoped cache stays in its scope`,
      );
    }
    merged.set(key, value);
  }
  return resolved(scopeEntries(Object.fromEntries(merged), 'scope'));
}
