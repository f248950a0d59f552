import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { encodeVector } from '@x/redis-core';

// The data of the vectorstore suite, and the commands a hand-written client sends for it.

export const DIMENSION = 384;
/** LangChain's default `k`. */
export const K = 4;
/** Our default HNSW settings, given to every side so that each does the same search. */
export const HNSW = { m: 16, efConstruction: 200, efRuntime: 100 };
type RawCommand = (string | Buffer)[];

/** Embeddings are precomputed: this only satisfies the constructors. */
export class PrecomputedEmbeddings extends Embeddings {
  constructor() {
    super({});
  }
  async embedDocuments(): Promise<number[][]> {
    throw new Error('the bench passes vectors');
  }
  async embedQuery(): Promise<number[]> {
    throw new Error('the bench passes vectors');
  }
}

/** Seeded vectors in [-1, 1): the same data on every run. */
export function vectors(count: number, seed: number): number[][] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: DIMENSION }, () => random() * 2 - 1),
  );
}

/** Chunks of a document set as a splitter makes them: a paragraph of text and its source. */
export function documentsOf(count: number): Document[] {
  return Array.from(
    { length: count },
    (_, position) =>
      new Document({
        id: `d${position}`,
        pageContent: `Paragraph ${position}: Redis keeps data in memory, so reads and writes take well under a millisecond; vector sets and the Query Engine add nearest-neighbour search.`,
        metadata: { source: `docs/page-${position % 100}.md`, chunk: position % 7 },
      }),
  );
}

/** The keys of a vector-set index whose prefix is its name (as the core lays them out). */
export function vectorSetKeys(name: string, count: number): string[] {
  const tagged = `${name}:{${name}}`;
  return [
    `${tagged}:vectors`,
    `${tagged}:expiries`,
    `${tagged}:schema`,
    ...Array.from({ length: count }, (_, position) => `${tagged}:doc:d${position}`),
  ];
}

export const words = (text: string) => text.split(' ');

/** The MULTI the vector-set engine sends per document, written by hand. */
export function rawVectorSetWrite(
  base: string,
  document: Document,
  vector: number[],
): RawCommand[] {
  const id = document.id as string;
  const hash = `${base}:doc:${id}`;
  const graph = words(`NOQUANT EF ${HNSW.efConstruction} M ${HNSW.m}`);
  return [
    ['VADD', `${base}:vectors`, 'FP32', encodeVector(vector), id, ...graph],
    ['DEL', hash],
    ['HSET', hash, 'content', document.pageContent, 'metadata', JSON.stringify(document.metadata)],
    ['ZREM', `${base}:expiries`, id],
  ];
}

/** The MULTI the query-engine engine sends per document, written by hand. */
export function rawQueryEngineWrite(
  base: string,
  document: Document,
  vector: number[],
): RawCommand[] {
  const hash = `${base}:doc:${document.id}`;
  const metadata = JSON.stringify(document.metadata);
  return [
    ['DEL', hash],
    [
      'HSET',
      hash,
      'content',
      document.pageContent,
      'metadata',
      metadata,
      'vector',
      encodeVector(vector),
    ],
  ];
}

/** The index the query-engine engine creates, written by hand. */
export function rawCreate(name: string): string[] {
  const { m, efConstruction, efRuntime } = HNSW;
  const vector = `TYPE FLOAT32 DIM ${DIMENSION} DISTANCE_METRIC COSINE M ${m} EF_CONSTRUCTION ${efConstruction} EF_RUNTIME ${efRuntime}`;
  const schema = `SCHEMA vector VECTOR HNSW ${words(vector).length} ${vector}`;
  return ['FT.CREATE', name, ...words(`ON HASH PREFIX 1 ${name}:doc: STOPWORDS 0 ${schema}`)];
}

/** Pairs of a VSIM WITHSCORES reply, RESP2 (flat array) or RESP3 (map). */
export function hitIds(reply: unknown): string[] {
  if (Array.isArray(reply)) return reply.filter((_, index) => index % 2 === 0).map(String);
  if (reply instanceof Map) return [...reply.keys()].map(String);
  return Object.keys(reply as object);
}
