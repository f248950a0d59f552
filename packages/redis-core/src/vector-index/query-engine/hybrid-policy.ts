/**
 * How a filtered KNN runs on an HNSW index: which of the Query Engine's two ways we ask for.
 *
 * RediSearch chooses between a brute force over the documents that match the filter
 * (`ADHOC_BF`: exact, linear in their number) and the HNSW graph searched in batches until
 * enough of its hits match (`BATCHES`: slower the narrower the filter). Its choice (a decision
 * tree in VecSim's `preferAdHocSearch`) takes the brute force for every index of up to 30,000
 * vectors, and up to 300,000 when k > 12, however many documents match. Measured on this
 * project's machine (RediSearch 2.10; `bench/src/profile/hybrid-policy.ts`): with all of 10,000
 * 512-dimension documents matching, the brute force took 8 to 11 ms and the batches 0.6 ms; with
 * 1 in 100 matching, 0.1 ms against 3.8 ms. Across 10,000 to 50,000 documents, 384 to 1,536
 * dimensions and k from 4 to 16, the batches won once the filter matched about 20·√N of the N
 * documents, and lost below.
 *
 * So where the server's choice ignores how many documents match (by the index's size and k), the
 * planner counts what a filter matches (one `FT.SEARCH <filter> LIMIT 0 0`, away from the query's
 * path, at most once per {@link STATISTICS_TTL_MS} per filter) and asks for batches where they
 * win. Elsewhere, and until it knows, the server decides as before; larger indexes are never
 * counted (a count there could cost more than the query).
 */

/** How long a filter's count, and the index's size, are trusted. */
export const STATISTICS_TTL_MS = 30_000;
/** Filters whose counts are kept; the oldest is forgotten first. */
const MAX_FILTERS = 1_000;
/** Below this many matching documents a brute force costs too little to be worth a count. */
const MIN_MATCHES = 1_000;

/**
 * Whether the HNSW graph searched in batches beats a brute force over the `matches` documents
 * a filter selects, of `indexSize`: the measured crossover, `matches ≥ 20·√indexSize`.
 */
export function prefersBatches(matches: number, indexSize: number): boolean {
  return matches >= MIN_MATCHES && matches >= 20 * Math.sqrt(indexSize);
}

/**
 * Whether the server brute-forces a filtered KNN of `k` on an index of `indexSize` vectors
 * whatever share of it the filter keeps (VecSim's decision tree, for more than 55 dimensions
 * and M above 10): up to 30,000 vectors, and up to 300,000 when k > 12.
 */
export function serverIgnoresShare(indexSize: number, k: number): boolean {
  return indexSize <= 30_000 || (k > 12 && indexSize <= 300_000);
}

/** What the planner asks of the server. */
export interface PlannerSources {
  /** How many documents match a compiled filter. */
  count(filter: string): Promise<number>;
  /** How many documents the index holds. */
  size(): Promise<number>;
  /** @default Date.now */
  now?: () => number;
}

/** A fact and when it was learnt. */
interface Known<T> {
  value: T;
  at: number;
}

/** Chooses `HYBRID_POLICY BATCHES` for filters known to match enough documents (see above). */
export class HybridPolicyPlanner {
  readonly #sources: PlannerSources;
  readonly #now: () => number;
  /** Per filter: whether batches win. */
  readonly #known = new Map<string, Known<boolean>>();
  readonly #counting = new Map<string, Promise<void>>();
  #size: Known<number> | undefined;
  #sizing: Promise<number> | undefined;

  constructor(sources: PlannerSources) {
    this.#sources = sources;
    this.#now = sources.now ?? Date.now;
  }

  /**
   * Whether to ask for batches for a KNN of `k` under `filter`: the index is one whose size
   * leaves the server blind to the filter's share, and the filter was counted lately and
   * matches enough documents. Starts what is missing or stale (the index's size, the filter's
   * count) without waiting for it: until then the server chooses.
   */
  useBatches(filter: string, k: number): boolean {
    const size = this.#size;
    if (size === undefined || this.#stale(size)) this.#indexSize().catch(() => undefined);
    if (size === undefined || !serverIgnoresShare(size.value, k)) return false;
    const known = this.#known.get(filter);
    if (known === undefined || this.#stale(known)) void this.refresh(filter);
    return known?.value === true;
  }

  /**
   * Counts the filter's matches now (one count at a time per filter). A count that fails keeps
   * what was known, for another {@link STATISTICS_TTL_MS}: a query never fails for the planner,
   * and a server that refuses counts is not asked again at every query.
   */
  refresh(filter: string): Promise<void> {
    const running = this.#counting.get(filter);
    if (running !== undefined) return running;
    const counting = (async () => {
      let batches = this.#known.get(filter)?.value ?? false;
      try {
        const [matches, size] = await Promise.all([this.#sources.count(filter), this.#indexSize()]);
        batches = prefersBatches(matches, size);
      } catch {
        // What was known stands; without it the server decides, as it would without a planner.
      } finally {
        this.#counting.delete(filter);
      }
      this.#known.delete(filter);
      this.#known.set(filter, { value: batches, at: this.#now() });
      if (this.#known.size > MAX_FILTERS) {
        this.#known.delete(this.#known.keys().next().value as string);
      }
    })();
    this.#counting.set(filter, counting);
    return counting;
  }

  /** The index's size: the one known when fresh, else asked (one question at a time). */
  #indexSize(): Promise<number> {
    if (this.#size !== undefined && !this.#stale(this.#size)) {
      return Promise.resolve(this.#size.value);
    }
    if (this.#sizing === undefined) {
      const sizing = this.#sources.size().then(
        (value) => {
          this.#size = { value, at: this.#now() };
          return value;
        },
        (error: unknown) => {
          // Asked again at the next query after the time is up, as after a success.
          if (this.#size !== undefined) this.#size = { ...this.#size, at: this.#now() };
          throw error;
        },
      );
      sizing
        .catch(() => undefined)
        .finally(() => {
          this.#sizing = undefined;
        });
      this.#sizing = sizing;
    }
    return this.#sizing;
  }

  #stale(known: Known<unknown>): boolean {
    return this.#now() - known.at >= STATISTICS_TTL_MS;
  }
}
