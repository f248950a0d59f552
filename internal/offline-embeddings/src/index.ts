export {
  cosineDistance,
  OFFLINE_EMBEDDINGS_DIMENSION,
  OfflineEmbeddings,
  type OfflineEmbeddingsOptions,
} from './offline-embeddings.js';
