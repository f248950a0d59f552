import { decodeVector, type VectorInput } from '../../vector-encoding.js';
import { metricDistance } from '../distance.js';
import type { TextCandidate } from '../hybrid.js';
import type { ResolvedSchema } from '../resolve-schema.js';
import type { DocumentLayout } from './document-layout.js';
import { parseSearchReply, storedDocument } from './query-engine-replies.js';

/**
 * The text ranking of a hybrid query from its `FT.SEARCH ... WITHSCORES` reply (buffers), best
 * first, each document with its BM25 score and its distance to the query vector, computed here
 * from the stored vector with the index's metric.
 */
export function textCandidates(
  reply: unknown,
  layout: DocumentLayout,
  schema: ResolvedSchema,
  queryVector: VectorInput,
): TextCandidate[] {
  const text: TextCandidate[] = [];
  for (const { key, fields, score } of parseSearchReply(reply, { withScores: true }).rows) {
    const id = layout.idOf(key);
    const blob = fields[layout.vectorField];
    const document = id === undefined ? undefined : storedDocument(id, key, fields, schema, layout);
    // Gone since the index found it (expired or deleted): skipped, as a KNN skips it.
    if (!document || score === undefined || !Buffer.isBuffer(blob)) continue;
    const stored = decodeVector(blob, schema.datatype);
    text.push({
      ...document,
      textScore: score,
      distance: metricDistance(schema.metric, queryVector, stored),
    });
  }
  return text;
}
