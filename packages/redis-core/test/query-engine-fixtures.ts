import type { PreparedQuery } from '../src/vector-index/engine.js';
import { IndexKeys } from '../src/vector-index/index-keys.js';
import { ownLayout } from '../src/vector-index/query-engine/document-layout.js';
import { resolveSchema } from '../src/vector-index/resolve-schema.js';

// What the Query Engine engine's unit tests build commands and read replies for.

/** Index `idx`, documents under `docs:doc:`. */
export const keys = new IndexKeys('idx', 'docs');
export const layout = ownLayout(keys);
/** Two dimensions and a field of each filterable type but geo. */
export const schema = resolveSchema({
  dimension: 2,
  fields: [
    { name: 'genre', type: 'tag' },
    { name: 'year', type: 'numeric' },
    { name: 'title', type: 'text' },
  ],
});
/** The 3 nearest to [1, 0], with no filter. */
export const query: PreparedQuery = {
  vector: [1, 0],
  k: 3,
  filter: undefined,
  distanceThreshold: undefined,
  returnVectors: false,
  efRuntime: 100,
};
