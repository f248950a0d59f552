import { resolveFilter } from '../filter/index.js';
import { checkQueryOptions } from './check-arguments.js';
import type { VectorIndexEngine } from './engine.js';
import {
  fuseRankings,
  type HybridQuery,
  type PreparedHybridQuery,
  planHybridQuery,
} from './hybrid.js';
import { checkVector } from './prepare-documents.js';
import type { ResolvedSchema } from './resolve-schema.js';
import type { PreparedVectorQuery, VectorQuery } from './vector-index-options.js';

/** What preparing a query needs of its `VectorIndex`. */
export interface IndexRuntime {
  name(): string;
  schema(): ResolvedSchema;
  /** The engine, with the index found (and checked) or created when possible. */
  open(): Promise<VectorIndexEngine>;
  /** Whether the index exists (known once opened). */
  exists(): boolean;
  /** Runs `call`, once more after re-creating the index when it was gone. */
  recovering<T>(
    engine: VectorIndexEngine,
    call: (engine: VectorIndexEngine) => Promise<T>,
  ): Promise<T>;
}

/**
 * Opens the index and checks the query vector: against the schema's dimension before opening
 * (when known), and again after (an existing index may have told it).
 */
async function openFor(runtime: IndexRuntime, input: VectorQuery['vector']) {
  const origin = { index: runtime.name(), what: 'the query vector' };
  checkVector(input, runtime.schema(), { ...origin, dimension: runtime.schema().dimension });
  const engine = await runtime.open();
  const schema = runtime.schema();
  return {
    engine,
    vector: () => checkVector(input, schema, { ...origin, dimension: schema.dimension }),
  };
}

/** `VectorIndex.prepareQuery`: the checks now, the search once its vector is known. */
export function prepareVectorQuery(
  runtime: IndexRuntime,
  query: Omit<VectorQuery, 'vector'>,
): PreparedVectorQuery {
  const options = checkQueryOptions(query, runtime.schema().efRuntime);
  const node = resolveFilter(query.filter, runtime.schema().fieldTypes);
  return async (input) => {
    const { engine, vector } = await openFor(runtime, input);
    const filter = node === undefined ? undefined : engine.compileFilter(node);
    if (!runtime.exists()) return [];
    const search = { ...options, vector: vector(), filter };
    return runtime.recovering(engine, (current) => current.search(search));
  };
}

/** `VectorIndex.prepareHybridQuery`: the checks now, the search once its vector is known. */
export function prepareHybridQuery(
  runtime: IndexRuntime,
  query: Omit<HybridQuery, 'vector'>,
): PreparedHybridQuery {
  const plan = planHybridQuery(query);
  const { efRuntime } = runtime.schema();
  const node = resolveFilter(query.filter, runtime.schema().fieldTypes);
  return async (input) => {
    const { engine, vector } = await openFor(runtime, input);
    engine.checkHybridSearch();
    const filter = node === undefined ? undefined : engine.compileFilter(node);
    if (!runtime.exists()) return [];
    const { terms, candidates } = plan;
    const search = { vector: vector(), terms, candidates, filter, efRuntime };
    const rankings = await runtime.recovering(engine, (current) => current.hybridSearch(search));
    return fuseRankings(rankings.vector, rankings.text, plan);
  };
}
