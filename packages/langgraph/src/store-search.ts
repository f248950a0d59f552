import type { SearchItem } from '@langchain/langgraph-checkpoint';
import { matchesValueFilter } from './store-filters.js';
import type { Listed, StoreItems } from './store-items.js';
import type { StoreVectors, VectorHit } from './store-vectors.js';

/** The most vectors one query of the vector index returns. */
const MAX_VECTORS = 10_000;

/** What a semantic search asks: a prefix, a query, a filter, and how many items it wants. */
export interface ScoredSearch {
  namespacePrefix: readonly string[];
  query: string;
  filter: Record<string, unknown> | undefined;
  wanted: number;
}

/**
 * The `wanted` items nearest to `query` that match the filter, by score (an item's score is
 * that of its nearest vector of its current version); `complete` when every vector under the
 * prefix was seen, so that the items without one may follow. Asks the index for more vectors
 * (up to 10,000) while the filter or stale vectors leave too few items.
 */
export async function scoredItems(
  vectors: StoreVectors,
  items: StoreItems,
  { namespacePrefix, query, filter, wanted }: ScoredSearch,
): Promise<{ items: SearchItem[]; complete: boolean }> {
  const vector = await vectors.embedQuery(query);
  let k = Math.min(MAX_VECTORS, Math.max(2 * wanted, 10));
  for (;;) {
    const { hits, exhausted } = await vectors.search(namespacePrefix, vector, k);
    const candidates = new Map<string, Listed & { hits: VectorHit[] }>();
    for (const hit of hits) {
      const id = itemId(hit.path, hit.key);
      const candidate = candidates.get(id) ?? { path: hit.path, key: hit.key, hits: [] };
      candidate.hits.push(hit);
      candidates.set(id, candidate);
    }
    const listed = [...candidates.values()];
    const stored = await items.read(listed);
    const found: SearchItem[] = [];
    listed.forEach((candidate, position) => {
      const item = stored[position];
      const hit = candidate.hits.find(({ version }) => version === item?.version);
      if (item === undefined || hit === undefined) return;
      if (filter && !matchesValueFilter(item.item.value, filter)) return;
      found.push({ ...item.item, score: hit.score });
    });
    found.sort((a, b) => (b.score as number) - (a.score as number));
    if (found.length >= wanted || exhausted || k === MAX_VECTORS) {
      return { items: found.slice(0, wanted), complete: exhausted };
    }
    k = Math.min(MAX_VECTORS, 4 * k);
  }
}

/** One item among all namespaces. */
export function itemId(path: string, key: string): string {
  return JSON.stringify([path, key]);
}

/** Whether a namespace starts with these labels (`*` is a label like any other here). */
export function isUnder(namespace: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= namespace.length && prefix.every((label, i) => namespace[i] === label);
}

/** Strings by code point, the same on every machine (no locale). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
