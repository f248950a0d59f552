import type { Document } from '@langchain/core/documents';
import { RedisVectorStore as LangChainVectorStore } from '@langchain/redis';
import type { VectorEngine } from '@x/redis-core';
import { RedisVectorStore } from '@x/vectorstore';
import { createClient } from 'redis';
import type { BenchGroup } from '../harness.js';
import {
  DIMENSION,
  documentsOf,
  HNSW,
  PrecomputedEmbeddings,
  vectorSetKeys,
  vectors,
} from './vectorstore-raw.js';

/**
 * The issues' targets, as throughput ratios. Ingest on the Query Engine: at least 0.95× the
 * raw pipelined batch (the first issue's "3× @langchain/redis" was above the physical limit:
 * the raw batch itself runs at about 2× the peer). Search: at least 0.95× the raw `FT.SEARCH`
 * and at least the peer's throughput.
 */
export const INGEST_VS_RAW: Record<VectorEngine, number> = {
  'vector-set': 0.8,
  'query-engine': 0.95,
};
export const SEARCH_VS_RAW = 0.95;
export const SEARCH_VS_PEER = 1;
// RESP2: @langchain/redis reads FT.SEARCH replies in that shape (ours reads either).
export const newClient = (url: string) => createClient({ url, RESP: 2 });
export type Client = ReturnType<typeof newClient>;

/** A part of the suite on one engine: its groups, and what drops the indexes it made. */
export interface EngineSetup {
  groups: BenchGroup[];
  cleanup: () => Promise<void>;
}

/** What the ingest and search groups of one engine share: the data and the stores' makers. */
export interface EngineContext {
  engine: VectorEngine;
  client: Client;
  /** Begins every index name, so that a run drops only its own. */
  prefix: string;
  count: number;
  data: number[][];
  documents: Document[];
  ids: string[];
  /** The query vector of a case's `index`-th operation. */
  query: (index: number) => number[];
  /** `vs` or `qe`, in the names of the indexes. */
  side: string;
  /** Whether @langchain/redis runs here (it needs the Query Engine). */
  peer: boolean;
  /** The groups' names begin with it. */
  label: string;
  /** Drops the index `name` and its documents. */
  drop: (name: string) => Promise<unknown>;
  /** Our store on the index `name`. */
  ours: (name: string) => RedisVectorStore;
  /** @langchain/redis's store on the index `name`. */
  langChain: (name: string) => LangChainVectorStore;
}

export function engineContext(
  engine: VectorEngine,
  client: Client,
  prefix: string,
  count: number,
): EngineContext {
  const data = vectors(count, 1);
  const documents = documentsOf(count);
  const queries = vectors(200, 2);
  const query = (index: number) => queries[index % queries.length] as number[];
  const embeddings = new PrecomputedEmbeddings();
  const side = engine === 'vector-set' ? 'vs' : 'qe';
  const peer = engine === 'query-engine';
  const drop = (name: string) =>
    engine === 'vector-set'
      ? client.unlink(vectorSetKeys(name, count))
      : client.sendCommand(['FT.DROPINDEX', name, 'DD']).catch(() => undefined);
  const ours = (name: string) =>
    new RedisVectorStore(embeddings, {
      client,
      indexName: name,
      engine,
      vectorIndex: { hnsw: HNSW },
    });
  const langChain = (name: string) =>
    new LangChainVectorStore(embeddings, {
      redisClient: client as unknown as ConstructorParameters<
        typeof LangChainVectorStore
      >[1]['redisClient'],
      indexName: name,
      keyPrefix: `${name}:doc:`,
      indexOptions: {
        ALGORITHM: 'HNSW',
        DISTANCE_METRIC: 'COSINE',
        M: HNSW.m,
        EF_CONSTRUCTION: HNSW.efConstruction,
        EF_RUNTIME: HNSW.efRuntime,
      } as never,
    });

  const ids = documents.map((document) => document.id as string);
  const label = `vector store (${engine}, ${count} × ${DIMENSION}-dim)`;
  return {
    engine,
    client,
    prefix,
    count,
    data,
    documents,
    ids,
    query,
    side,
    peer,
    label,
    drop,
    ours,
    langChain,
  };
}
