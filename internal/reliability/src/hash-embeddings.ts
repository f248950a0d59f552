import { createHash } from 'node:crypto';
import { Embeddings } from '@langchain/core/embeddings';

/**
 * Embeddings that cost nothing: each text becomes a unit vector drawn from the SHA-256 of its
 * UTF-16 code units (so lone surrogates and any other string embed too, each differently).
 * The same text always gives the same vector; different texts give near-orthogonal ones in
 * high enough dimension, so a lookup finds exactly the text it asks for.
 */
export class HashEmbeddings extends Embeddings {
  readonly dimension: number;
  /** How many texts were embedded. */
  calls = 0;

  /** @param dimension the length of every vector. @default 64 */
  constructor(dimension = 64) {
    super({});
    this.dimension = dimension;
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  /** The vector of `text`, synchronously. */
  embed(text: string): number[] {
    this.calls++;
    const vector: number[] = [];
    for (let block = 0; vector.length < this.dimension; block++) {
      const digest = createHash('sha256')
        .update(String(block))
        .update(Buffer.from(text, 'utf16le'))
        .digest();
      for (
        let offset = 0;
        offset + 2 <= digest.length && vector.length < this.dimension;
        offset += 2
      )
        vector.push(digest.readInt16LE(offset) / 32_768);
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  }
}
