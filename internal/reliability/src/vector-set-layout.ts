import { decodeVector } from '@x/redis-core';
import { decodeKeySegment, replyToNumber, replyToString } from '@x/redis-core/internal';
import type { TestClient } from '@x/test-utils';
import { RESP_TYPES } from 'redis';
import { HashEmbeddings } from './hash-embeddings.js';

/** What a vector-set index holds, read straight from its keys (redis-core README, "Keys"). */
export interface VectorSetContents {
  /** The ids of the vector set's elements. */
  elements: Set<string>;
  /** The content of each document hash, by id. */
  contents: Map<string, string>;
}

/** The keys of a vector-set index, as redis-core's README documents them. */
export function vectorSetKeys(prefix: string, name: string = prefix) {
  const tagged = `${prefix}:{${name}}`;
  return { vectorSet: `${tagged}:vectors`, documents: `${tagged}:doc:` };
}

/** Reads every element and every document hash of a vector-set index. */
export async function readVectorSetIndex(
  client: TestClient,
  prefix: string,
  name: string = prefix,
): Promise<VectorSetContents> {
  const keys = vectorSetKeys(prefix, name);
  const count = replyToNumber(await client.sendCommand(['VCARD', keys.vectorSet])) ?? 0;
  const members =
    count === 0
      ? []
      : ((await client.sendCommand(['VRANDMEMBER', keys.vectorSet, String(count)])) as unknown[]);
  const elements = new Set(members.map((member) => replyToString(member) ?? ''));
  const contents = new Map<string, string>();
  for await (const batch of client.scanIterator({ MATCH: `${keys.documents}*`, COUNT: 1000 })) {
    for (const key of batch) {
      const content = await client.hGet(key, 'content');
      contents.set(decodeKeySegment(key.slice(keys.documents.length)), content ?? '');
    }
  }
  return { elements, contents };
}

/**
 * The ids whose element and hash do not belong together: an element without its hash, a hash
 * without its element, or an element whose vector is not the embedding of its hash's content.
 */
export async function mismatchedDocuments(
  client: TestClient,
  prefix: string,
  contents: VectorSetContents,
  embeddings: HashEmbeddings = new HashEmbeddings(),
): Promise<string[]> {
  const { vectorSet } = vectorSetKeys(prefix);
  const ids = new Set([...contents.elements, ...contents.contents.keys()]);
  const mismatched: string[] = [];
  for (const id of ids) {
    const content = contents.contents.get(id);
    if (!contents.elements.has(id) || content === undefined) {
      mismatched.push(id);
      continue;
    }
    const stored = ((await client.sendCommand(['VEMB', vectorSet, id])) as unknown[]).map(
      (value) => replyToNumber(value) ?? Number.NaN,
    );
    const expected = embeddings.embed(content);
    const cosine = stored.reduce((sum, value, index) => sum + value * (expected[index] ?? 0), 0);
    if (!(cosine > 0.999)) mismatched.push(id);
  }
  return mismatched;
}

/**
 * Reads every document hash of a Query Engine index (`<prefix>:doc:<id>`, redis-core README,
 * "Keys"): `elements` are the ids whose hash holds a vector.
 */
export async function readQueryEngineIndex(
  client: TestClient,
  prefix: string,
): Promise<VectorSetContents & { vectors: Map<string, number[]> }> {
  const documents = `${prefix}:doc:`;
  const elements = new Set<string>();
  const contents = new Map<string, string>();
  const vectors = new Map<string, number[]>();
  for await (const batch of client.scanIterator({ MATCH: `${documents}*`, COUNT: 1000 })) {
    for (const key of batch) {
      const id = decodeKeySegment(key.slice(documents.length));
      const content = await client.hGet(key, 'content');
      contents.set(id, content ?? '');
      const blob = (await client.sendCommand(['HGET', key, 'vector'], {
        typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer },
      })) as Buffer | null;
      if (blob === null) continue;
      elements.add(id);
      vectors.set(id, [...decodeVector(blob, 'FLOAT32')]);
    }
  }
  return { elements, contents, vectors };
}

/** {@link mismatchedDocuments} for a Query Engine index read by {@link readQueryEngineIndex}. */
export function mismatchedQueryEngineDocuments(
  contents: Awaited<ReturnType<typeof readQueryEngineIndex>>,
  embeddings: HashEmbeddings = new HashEmbeddings(),
): string[] {
  return [...contents.contents.keys()].filter((id) => {
    const stored = contents.vectors.get(id);
    if (stored === undefined) return true;
    const expected = embeddings.embed(contents.contents.get(id) ?? '');
    const norm = Math.hypot(...stored);
    const cosine = stored.reduce((sum, value, index) => sum + value * (expected[index] ?? 0), 0);
    return !(cosine / norm > 0.999);
  });
}
