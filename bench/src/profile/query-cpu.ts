/** CPU profile of our vector-set query path (run with --cpu-prof): misses on 1k entries. */
import { and, createVectorIndex, RedisConnection, tag } from '@x/redis-core';
import { spawnRedisServer } from '@x/test-utils/servers';
import { createClient } from 'redis';
import { embeddingLike } from '../suites/vectors.js';

const spawned = await spawnRedisServer();
const client = createClient({ url: spawned.url });
await client.connect();
const fields = [
  { name: 'llm', type: 'tag' as const },
  { name: 'scope', type: 'tag' as const },
];
const index = createVectorIndex(RedisConnection.from({ client }), {
  name: 'cpu',
  engine: 'vector-set',
  schema: { fields, hnsw: { efRuntime: 40 } },
});
const data = embeddingLike(1000, 512, 1);
await index.upsert(
  data.map((vector, at) => ({
    id: `d${at}`,
    vector,
    content: `c${at}`,
    metadata: { llm: 'a', scope: 'b' },
  })),
);
const queries = embeddingLike(100, 512, 2);
const filter = and(tag('llm').eq('a'), tag('scope').eq('b'));
const started = performance.now();
for (let at = 0; at < 4000; at++) {
  await index.query({
    vector: queries[at % 100] as number[],
    k: 16,
    filter,
    distanceThreshold: 0.0001,
  });
}
console.log(`${((performance.now() - started) / 4000).toFixed(3)} ms per query`);
await client.close();
await spawned.stop();
