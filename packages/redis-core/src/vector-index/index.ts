export { createVectorIndex } from './create-vector-index.js';
export { cosineDistance } from './distance.js';
export {
  ENGLISH_STOPWORDS,
  type HybridFusion,
  type HybridQuery,
  type HybridQueryResult,
  type PreparedHybridQuery,
} from './hybrid.js';
export {
  type ExistingIndexLayout,
  langchainPythonLayout,
  langchainRedisLayout,
} from './query-engine/document-layout.js';
export { VectorIndex } from './vector-index.js';
export {
  DISTANCE_METRIC,
  type DistanceMetric,
  type DropOptions,
  type HnswOptions,
  type PreparedVectorQuery,
  type StoredDocument,
  type UpsertOptions,
  VECTOR_ALGORITHM,
  VECTOR_ENGINE,
  VECTOR_QUANTIZATION,
  type VectorAlgorithm,
  type VectorDocument,
  type VectorEngine,
  type VectorEngineOption,
  type VectorIndexInfo,
  type VectorIndexOptions,
  type VectorIndexSchema,
  type VectorQuantization,
  type VectorQuery,
  type VectorQueryResult,
} from './vector-index-options.js';
