/**
 * How a filtered KNN runs on an HNSW index: which of the Query Engine's two ways we ask for.
 *
 * RediSearch chooses between a brute force over the documents that match the filter
 * (`ADHOC_BF`: exact, linear in their number) and the HNSW graph searched in batches until
 * enough of its hits match (`BATCHES`: slower the narrower the filter). Its choice (a decision
 * tree in VecSim's `preferAdHocSearch`) takes the brute force for every index of more than 75
 * dimensions and M above 10 of up to 30,000 vectors, and up to 300,000 when k > 12, however many
 * documents match. Measured on this project's machine (RediSearch 2.10, 512 dimensions, k 16;
 * `bench/src/profile/hybrid-policy.ts`): with all of 10,000 documents matching, the brute force
 * took 2.3 ms and the batches 0.7 ms, with all of 50,000 10.2 ms and 0.8 ms; with 1 in 100
 * matching, 0.2 ms against 4.0 ms. Across 10,000 to 50,000 documents, 384 to 1,536 dimensions
 * and k from 4 to 16, the batches won once the filter matched about 20·√N of the N documents,
 * and lost below.
 *
 * So where the server's choice ignores how many documents match, the planner counts what a
 * filter matches (one `FT.SEARCH <filter> LIMIT 0 0`, sent after the query that needed it, at
 * most once per {@link STATISTICS_TTL_MS} per filter) and asks for batches where they win.
 * Elsewhere, and until it knows, the server decides as before; larger indexes are never counted
 * (a count there could cost more than the query).
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

/** What decides the server's choice, besides the filter. */
export interface KnnShape {
  /** The index's size, in vectors. */
  indexSize: number;
  k: number;
  dimension: number;
  /** HNSW's M. */
  m: number;
}

/**
 * Whether the server brute-forces a filtered KNN of this shape whatever share of the index the
 * filter keeps (VecSim's decision tree): from 76 dimensions and M of 11, up to 30,000 vectors,
 * and up to 300,000 when k > 12. Smaller dimensions were not measured; they are left alone.
 */
export function serverIgnoresShare({ indexSize, k, dimension, m }: KnnShape): boolean {
  if (dimension <= 75 || m <= 10) return false;
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
  /** Runs the planner's work once the query that asked for it is sent. @default setImmediate */
  later?: (work: () => void) => void;
}

/** A fact (`undefined` when it could not be learnt) and when it was learnt. */
interface Known<T> {
  value: T | undefined;
  at: number;
}

/** Chooses `HYBRID_POLICY BATCHES` for filters known to match enough documents (see above). */
export class HybridPolicyPlanner {
  readonly #sources: PlannerSources;
  readonly #now: () => number;
  readonly #later: (work: () => void) => void;
  /** Per filter: whether batches win. */
  readonly #known = new Map<string, Known<boolean>>();
  readonly #counting = new Map<string, Promise<void>>();
  #size: Known<number> | undefined;
  #sizing: Promise<number | undefined> | undefined;
  /** Moves on at each `forget()`: what was being learnt before it is not kept. */
  #generation = 0;

  constructor(sources: PlannerSources) {
    this.#sources = sources;
    this.#now = sources.now ?? Date.now;
    this.#later = sources.later ?? ((work) => setImmediate(work));
  }

  /**
   * Whether to ask for batches for a KNN of this shape (short of the index's size) under
   * `filter`: the server would ignore the filter's share, and the filter was counted lately and
   * matches enough documents. Starts what is missing or stale (the index's size, the filter's
   * count) once the query is sent, without waiting for it: until then the server chooses.
   */
  useBatches(filter: string, shape: Omit<KnnShape, 'indexSize'>): boolean {
    const size = this.#size;
    if (size === undefined || this.#stale(size)) this.#later(() => void this.#indexSize());
    if (size?.value === undefined) return false;
    if (!serverIgnoresShare({ ...shape, indexSize: size.value })) return false;
    const known = this.#known.get(filter);
    if (known === undefined || this.#stale(known)) this.#later(() => void this.refresh(filter));
    return known?.value === true;
  }

  /**
   * Counts the filter's matches (one count at a time per filter). A count that fails leaves the
   * choice to the server for {@link STATISTICS_TTL_MS}: a query never fails for the planner, and
   * a server that refuses counts is not asked again at every query.
   */
  refresh(filter: string): Promise<void> {
    const running = this.#counting.get(filter);
    if (running !== undefined) return running;
    const generation = this.#generation;
    const counting = Promise.resolve()
      .then(() => Promise.all([this.#sources.count(filter), this.#indexSize()]))
      .then(
        ([matches, size]) => size !== undefined && prefersBatches(matches, size),
        () => false,
      )
      .then((batches) => {
        this.#counting.delete(filter);
        if (generation !== this.#generation) return;
        this.#known.delete(filter);
        this.#known.set(filter, { value: batches, at: this.#now() });
        if (this.#known.size > MAX_FILTERS) {
          this.#known.delete(this.#known.keys().next().value as string);
        }
      });
    this.#counting.set(filter, counting);
    return counting;
  }

  /** Forgets every count: the index was dropped, made again, or lost documents in bulk. */
  forget(): void {
    this.#generation++;
    this.#known.clear();
    this.#size = undefined;
  }

  /** The index's size: the one known when fresh, else asked (one question at a time). */
  #indexSize(): Promise<number | undefined> {
    if (this.#size !== undefined && !this.#stale(this.#size)) {
      return Promise.resolve(this.#size.value);
    }
    const generation = this.#generation;
    this.#sizing ??= Promise.resolve()
      .then(() => this.#sources.size())
      .then(
        (value) => value,
        () => undefined,
      )
      .then((value) => {
        this.#sizing = undefined;
        // A size that cannot be read is asked again only when the time is up.
        if (generation === this.#generation) this.#size = { value, at: this.#now() };
        return value;
      });
    return this.#sizing;
  }

  #stale(known: Known<unknown>): boolean {
    return this.#now() - known.at >= STATISTICS_TTL_MS;
  }
}
