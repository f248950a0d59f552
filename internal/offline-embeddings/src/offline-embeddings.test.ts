import { describe, expect, it } from 'vitest';
import {
  cosineDistance,
  OFFLINE_EMBEDDINGS_DIMENSION,
  OfflineEmbeddings,
} from './offline-embeddings.js';

describe('OfflineEmbeddings', () => {
  const embeddings = new OfflineEmbeddings({ batchSize: 2 });

  it('embeds with no network into 512 dimensions, the same text the same way', async () => {
    const [a, b, c] = await embeddings.embedDocuments([
      'hello world',
      'hello world',
      'another text',
    ]);
    expect(a).toHaveLength(OFFLINE_EMBEDDINGS_DIMENSION);
    expect(cosineDistance(a ?? [], b ?? [])).toBeLessThan(1e-5);
    expect(c).toHaveLength(OFFLINE_EMBEDDINGS_DIMENSION);
  });

  it("puts a paraphrase closer than an unrelated question (the seeds' example)", async () => {
    const question = await embeddings.embedQuery('What is the capital of France?');
    const paraphrase = await embeddings.embedQuery('Can you tell me the capital city of France?');
    const unrelated = await embeddings.embedQuery('How do I bake sourdough bread?');
    const near = cosineDistance(question, paraphrase);
    const far = cosineDistance(question, unrelated);
    console.log(`[offline-embeddings] paraphrase ${near.toFixed(4)}, unrelated ${far.toFixed(4)}`);
    expect(near).toBeLessThan(0.2);
    expect(far).toBeGreaterThan(near + 0.3);
  });
});
