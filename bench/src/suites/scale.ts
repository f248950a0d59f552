import {
  createVectorIndex,
  detectCapabilities,
  num,
  RedisConnection,
  type VectorEngine,
  type VectorIndex,
  type VectorIndexSchema,
} from '@x/redis-core';
import { createClient } from 'redis';
import { type BenchSuite, latencies, quantile } from '../harness.js';
import { embeddingLike } from './vectors.js';

const DIMENSION = 384;
const K = 10;
const QUERIES = 200;
const RECALL_QUERIES = 100;
/** Filtered KNN at the largest size: one document in each of these matches the filter. */
const SELECTIVITIES = [4, 100, 1_000, 10_000];
/** Each document's `bucket`, in [0, BUCKETS): `bucket < BUCKETS / s` keeps 1 document in s. */
const BUCKETS = 10_000;
/** Scatters the buckets over positions (7,919 is prime to 10,000: a permutation). */
const bucketOf = (position: number) => (position * 7_919) % BUCKETS;
/** The configurations whose filtered search is measured: each engine's full-precision form. */
const FILTERED = new Set(['FP32 (NOQUANT)', 'FLOAT32']);

/** The stored forms each engine offers, each measured on its own index. */
const CONFIGURATIONS: { engine: VectorEngine; label: string; schema: VectorIndexSchema }[] = [
  { engine: 'vector-set', label: 'FP32 (NOQUANT)', schema: { quantization: 'none' } },
  { engine: 'vector-set', label: 'Q8', schema: { quantization: 'int8' } },
  { engine: 'vector-set', label: 'BIN', schema: { quantization: 'binary' } },
  { engine: 'query-engine', label: 'FLOAT32', schema: { datatype: 'FLOAT32' } },
  { engine: 'query-engine', label: 'FLOAT16', schema: { datatype: 'FLOAT16' } },
];

/** `used_memory` of the server, in bytes. */
async function usedMemory(client: { info(section: string): Promise<string> }): Promise<number> {
  const info = await client.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/**
 * `used_memory` once it has stopped moving: the previous configuration's index is freed in the
 * background after its drop (the Query Engine frees a dropped index's documents lazily), and a
 * baseline read meanwhile once made the next configuration's memory come out negative. Waits
 * for two readings 200 ms apart within 256 KiB of each other, 10 s at most.
 */
async function settledMemory(client: { info(section: string): Promise<string> }): Promise<number> {
  let previous = await usedMemory(client);
  for (let waited = 0; waited < 10_000; waited += 200) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const current = await usedMemory(client);
    if (Math.abs(current - previous) < 256 * 1024) return current;
    previous = current;
  }
  return previous;
}

/**
 * The ids of the exact `k` nearest (cosine) of each query among the first `size` vectors, or
 * among those of them that `keep` keeps.
 */
function exactNeighbours(
  data: Float32Array[],
  size: number,
  queries: Float32Array[],
  keep: (position: number) => boolean = () => true,
): string[][] {
  const norms = data.slice(0, size).map((vector) => Math.sqrt(dot(vector, vector)));
  return queries.map((query) => {
    const queryNorm = Math.sqrt(dot(query, query));
    const best: { id: number; similarity: number }[] = [];
    for (let position = 0; position < size; position++) {
      if (!keep(position)) continue;
      const similarity =
        dot(query, data[position] as Float32Array) / (queryNorm * (norms[position] ?? 1));
      if (best.length < K || similarity > (best[best.length - 1]?.similarity ?? -2)) {
        best.push({ id: position, similarity });
        best.sort((a, b) => b.similarity - a.similarity);
        if (best.length > K) best.pop();
      }
    }
    return best.map((hit) => `d${hit.id}`);
  });
}

function dot(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) {
    sum += (left[index] as number) * (right[index] as number);
  }
  return sum;
}

/**
 * How the costs of a vector index grow from 1k to 100k documents, for each engine and stored
 * form the server offers: ingest rate, query latency, recall@10 and memory per 1k documents.
 */
export const scaleSuite: BenchSuite = {
  name: 'scale',
  async setup({ url, quick, prefix, record }) {
    const client = createClient({ url });
    await client.connect();
    const connection = RedisConnection.from({ client });
    const capabilities = await detectCapabilities(connection);
    const sizes = quick ? [1_000] : [1_000, 10_000, 100_000];
    const largest = sizes[sizes.length - 1] as number;
    const data = embeddingLike(largest, DIMENSION, 1).map((vector) => Float32Array.from(vector));
    const queries = embeddingLike(QUERIES, DIMENSION, 2).map((vector) => Float32Array.from(vector));
    const exact = new Map(
      sizes.map((size) => [size, exactNeighbours(data, size, queries.slice(0, RECALL_QUERIES))]),
    );
    try {
      for (const configuration of CONFIGURATIONS) {
        const { engine } = configuration;
        const offered =
          engine === 'vector-set' ? capabilities.vectorSets : capabilities.queryEngine;
        if (!offered) continue;
        const name = `${prefix}scale${engine === 'vector-set' ? 'vs' : 'qe'}${configuration.label.replace(/\W/g, '')}`;
        const index = createVectorIndex(connection, {
          name,
          engine,
          schema: {
            ...configuration.schema,
            fields: [
              { name: 'genre', type: 'tag' },
              { name: 'bucket', type: 'numeric' },
            ],
          },
        });
        const before = await settledMemory(client);
        let written = 0;
        for (const size of sizes) {
          const documents = data.slice(written, size).map((vector, offset) => ({
            id: `d${written + offset}`,
            vector: Array.from(vector),
            content: `document ${written + offset}`,
            metadata: {
              genre: `g${(written + offset) % 4}`,
              year: (written + offset) % 50,
              bucket: bucketOf(written + offset),
            },
          }));
          const started = performance.now();
          await index.upsert(documents, { chunkSize: 500 });
          const seconds = (performance.now() - started) / 1000;
          const ingested = size - written;
          written = size;
          const scope = `${engine} ${configuration.label}, ${size.toLocaleString('en-US')} docs`;
          const measure = (
            name: string,
            value: number,
            unit: 'ms' | 'docs/s' | 'bytes' | 'share',
          ) => record({ name, scope, value, unit });
          measure(
            `ingest (the last ${ingested.toLocaleString('en-US')})`,
            ingested / seconds,
            'docs/s',
          );
          const memory = (await usedMemory(client)) - before;
          measure('memory per 1k docs (all keys)', memory / (size / 1_000), 'bytes');
          if (engine === 'vector-set') {
            const key = `${name}:{${name}}:vectors`;
            const usage = Number(await client.sendCommand(['MEMORY', 'USAGE', key]));
            measure('vector set per 1k docs', usage / (size / 1_000), 'bytes');
          }
          const query = (at: number) => Array.from(queries[at % QUERIES] as Float32Array);
          const times = await latencies(QUERIES, (at) => index.query({ vector: query(at), k: K }));
          measure('query p50', quantile(times, 0.5), 'ms');
          measure('query p99', quantile(times, 0.99), 'ms');
          const truth = exact.get(size) ?? [];
          let found = 0;
          for (let at = 0; at < RECALL_QUERIES; at++) {
            const results = await index.query({ vector: query(at), k: K });
            const expected = truth[at] ?? [];
            found += results.filter((result) => expected.includes(result.id)).length;
          }
          measure(`recall@${K}`, found / (RECALL_QUERIES * K), 'share');
          if (size === largest && FILTERED.has(configuration.label)) {
            await measureFiltered(index, data, size, queries, (selectivity, name, value, unit) => {
              const share = `1 in ${selectivity.toLocaleString('en-US')}`;
              const matching = Array.from({ length: size }, (_, at) => bucketOf(at)).filter(
                (bucket) => bucket < BUCKETS / selectivity,
              ).length;
              record({
                name,
                scope: `${engine}, ${matching.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} docs match`,
                value,
                unit,
                table: 'filtered KNN',
                // Recall is a target only where the share is exact: 1 in s of 100,000 or more.
                ...(unit === 'share' && size >= BUCKETS * 10
                  ? {
                      target: {
                        min: 0.95,
                        label: `filtered recall@${K} ≥ 0.95 (${engine}, ${share})`,
                      },
                    }
                  : {}),
              });
            });
          }
        }
        await index.drop({ deleteDocuments: true });
      }
    } catch (error) {
      await client.close();
      throw error;
    }
    return { groups: [], teardown: () => client.close() };
  },
};

/** Recall@k and p50 of a filtered KNN at each selectivity, against an exact scan of the matches. */
async function measureFiltered(
  index: VectorIndex,
  data: Float32Array[],
  size: number,
  queries: Float32Array[],
  measure: (selectivity: number, name: string, value: number, unit: 'ms' | 'share') => void,
): Promise<void> {
  for (const selectivity of SELECTIVITIES) {
    const below = BUCKETS / selectivity;
    const filter = num('bucket').lt(below);
    const recallQueries = queries.slice(0, RECALL_QUERIES);
    const truth = exactNeighbours(
      data,
      size,
      recallQueries,
      (position) => bucketOf(position) < below,
    );
    const query = (at: number) => Array.from(queries[at % queries.length] as Float32Array);
    const times = await latencies(queries.length, (at) =>
      index.query({ vector: query(at), k: K, filter }),
    );
    let found = 0;
    let wanted = 0;
    for (let at = 0; at < RECALL_QUERIES; at++) {
      const results = await index.query({ vector: query(at), k: K, filter });
      const expected = truth[at] ?? [];
      wanted += expected.length;
      found += results.filter((result) => expected.includes(result.id)).length;
    }
    measure(selectivity, 'query p50', quantile(times, 0.5), 'ms');
    // Of the true top k, or of every match where fewer than k match.
    measure(selectivity, `recall@${K}`, found / wanted, 'share');
  }
}
