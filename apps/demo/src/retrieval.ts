/** A passage the vector store returned for a question. */
export interface RetrievedPassage {
  id: string;
  /** The document it comes from (the filter field). */
  package: string;
  section: string;
  text: string;
  /** Cosine distance to the question: 0 is the same direction, up to 2. Lower is closer. */
  distance: number;
}

/**
 * How passages are found: `hybrid` (the question's words by BM25 and its meaning by vector,
 * fused; on the Query Engine, which has a full-text index) or `similarity` (meaning alone).
 */
export type SearchMethod = 'hybrid' | 'similarity';

/** Options of {@link Retrieval.search}. */
export interface SearchOptions {
  /** How many passages at most. */
  k: number;
  /** Only passages of this document (`package` metadata); all when absent. */
  package?: string | undefined;
}

/** What the page shows about the vector store. */
export interface RetrievalInfo {
  /** Passages indexed; `null` when Redis cannot say. */
  documents: number | null;
  /** The vector engine in use: `vector-set`, `query-engine`, or `none`. */
  engine: string;
  /** How passages are found on that engine. */
  search: SearchMethod;
  /** The values of the filter field, for the page's filter. */
  packages: readonly string[];
  /** Whether the corpus is being indexed again. */
  indexing: boolean;
}

/** Finds the passages of the corpus that answer a question best. */
export interface Retrieval {
  search(question: string, options: SearchOptions): Promise<RetrievedPassage[]>;
  /** What the stats panel shows; never rejects. */
  info(): Promise<RetrievalInfo>;
  /** The values of the filter field. */
  readonly packages: readonly string[];
  close(): Promise<void>;
}
