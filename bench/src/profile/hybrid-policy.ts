/**
 * How the Query Engine runs a filtered KNN on HNSW, and what our planner asks of it: p50 of the
 * same filtered KNN left to the server (`auto`), forced to a brute force over the matches
 * (`ADHOC_BF`) or to the graph in batches (`BATCHES`), and sent by `VectorIndex.query` once its
 * planner has counted the filter (`ours`), at shares of the index from all to 1 in 100.
 * Usage: REDIS_URL=<a server with the Query Engine> tsx src/profile/hybrid-policy.ts [documents]
 * (DIMENSION and K in the environment: default 512 and 16, the semantic cache's search).
 */
import { createVectorIndex, RedisConnection, tag } from '@x/redis-core';
import { createClient } from 'redis';
import { quantile } from '../harness.js';
import { embeddingLike } from '../suites/vectors.js';

const url = process.env.REDIS_URL;
if (!url) throw new Error('REDIS_URL must name a server with the Query Engine');
const COUNT = Number(process.argv[2] ?? 10_000);
const DIMENSION = Number(process.env.DIMENSION ?? 512);
const K = Number(process.env.K ?? 16);
const SHARES = [1, 0.5, 0.25, 0.1, 0.05, 0.02, 0.01];
/** A share's tag: letters and digits, which tags keep as they are. */
const label = (share: number) => `p${share * 100}`;

const client = createClient({ url, RESP: 2 });
await client.connect();
const name = `profilehp${Date.now()}`;
const index = createVectorIndex(RedisConnection.from({ client }), {
  name,
  engine: 'query-engine',
  schema: { dimension: DIMENSION, fields: [{ name: 'share', type: 'tag' }] },
});
const data = embeddingLike(COUNT, DIMENSION, 1);
// A document belongs to the shares whose first `share × COUNT` documents (scattered) hold it.
const rank = (position: number) => (position * 2654435761) % COUNT;
for (let start = 0; start < COUNT; start += 1_000) {
  await index.upsert(
    data.slice(start, start + 1_000).map((vector, offset) => ({
      id: `d${start + offset}`,
      vector,
      content: '',
      metadata: {
        share: SHARES.filter((share) => rank(start + offset) < share * COUNT).map(label),
      },
    })),
  );
}
const queries = embeddingLike(50, DIMENSION, 2);
const p50 = async (run: (vector: number[]) => Promise<unknown>) => {
  const times: number[] = [];
  for (let round = 0; round < 170; round++) {
    const started = performance.now();
    await run(queries[round % queries.length] as number[]);
    if (round >= 20) times.push(performance.now() - started);
  }
  return quantile(times, 0.5);
};
const raw = (filter: string, policy: string) => (vector: number[]) =>
  client.sendCommand([
    'FT.SEARCH',
    name,
    `(${filter})=>[KNN ${K} @vector $vector ${policy} AS __distance]`,
    'PARAMS',
    '2',
    'vector',
    Buffer.from(new Float32Array(vector).buffer),
    'RETURN',
    '3',
    'content',
    'metadata',
    '__distance',
    'SORTBY',
    '__distance',
    'ASC',
    'LIMIT',
    '0',
    String(K),
    'DIALECT',
    '2',
  ]);
console.log(`${COUNT} documents × ${DIMENSION} dimensions, k=${K}: p50 in ms`);
console.log('share     matches   auto   ADHOC_BF   BATCHES   ours');
for (const share of SHARES) {
  const filter = `@share:{${label(share)}}`;
  const ours = (vector: number[]) =>
    index.query({ vector, k: K, filter: tag('share').eq(label(share)) });
  await ours(queries[0] as number[]);
  // The planner counts in the background: give it the time to.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const row = [
    await p50(raw(filter, 'EF_RUNTIME 100')),
    await p50(raw(filter, 'HYBRID_POLICY ADHOC_BF')),
    await p50(raw(filter, 'EF_RUNTIME 100 HYBRID_POLICY BATCHES')),
    await p50(ours),
  ];
  console.log(
    `${String(share).padEnd(8)} ${String(Math.round(share * COUNT)).padStart(8)}  ${row.map((value) => value.toFixed(3).padStart(8)).join(' ')}`,
  );
}
await index.drop({ deleteDocuments: true });
await client.close();
