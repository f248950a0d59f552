import { KeySchema } from '@x/redis-core/internal';

/** The prefix every key of the store starts with unless told otherwise. */
export const DEFAULT_STORE_PREFIX = 'langgraph:store';

/**
 * Every key of the store. A namespace's labels (which LangGraph allows without `.`, `:`, NUL
 * or empty labels) are joined with `.` into its path; the path sits in a hash tag in the keys of
 * the namespace, so that an item and its place in the namespace's index change in one MULTI,
 * on a cluster too. Paths and item keys are encoded segments: no text reaches another key.
 *
 * - `<prefix>:namespaces`: the set of namespace paths that ever held an item.
 * - `<prefix>:items:{<path>}`: the namespace's item keys, a sorted set scored by update time.
 * - `<prefix>:item:{<path>}:<key>`: a hash, the item's value (JSON) and its times (ms).
 */
export class StoreKeys {
  readonly #schema: KeySchema;

  /** @throws {InvalidKeyError} for an invalid prefix. */
  constructor(prefix: string) {
    this.#schema = new KeySchema(prefix);
  }

  get namespaces(): string {
    return this.#schema.singleton('namespaces');
  }

  items(path: string): string {
    return this.#schema.key('items', path, { hashTag: true });
  }

  item(path: string, key: string): string {
    return this.#schema.key('item', path, { hashTag: true, parts: [key] });
  }
}

/** A namespace's path: its labels joined with `.`, which no label holds. */
export function pathOf(namespace: readonly string[]): string {
  return namespace.join('.');
}

/** The labels of a path. */
export function namespaceOf(path: string): string[] {
  return path.split('.');
}
