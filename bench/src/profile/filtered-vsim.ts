/**
 * How a filtered VSIM behaves as the filter gets selective: for each selectivity, the share of
 * the true top k (an exact scan of the matching elements) it returns, how many it returns, and
 * its p50, with VSIM's default FILTER-EF, a larger one, and TRUTH (a scan of every element).
 * Usage: tsx src/profile/filtered-vsim.ts [elements] (spawns a server unless REDIS_URL is set).
 */
import { createVectorIndex, encodeVector, num, RedisConnection } from '@x/redis-core';
import { spawnRedisServer } from '@x/test-utils/servers';
import { createClient } from 'redis';
import { latencies, quantile } from '../harness.js';
import { embeddingLike } from '../suites/vectors.js';

const count = Number(process.argv[2] ?? 100_000);
const DIMENSION = 384;
const K = 10;
const QUERIES = 30;
/** One match in `selectivity` elements. */
const SELECTIVITIES = [4, 10, 30, 100, 1_000, 10_000];

const spawned = process.env.REDIS_URL ? undefined : await spawnRedisServer();
const client = createClient({ url: process.env.REDIS_URL ?? spawned?.url });
await client.connect();
const key = `profile:filtered:${SELECTIVITIES.join('-')}:${count}`;
const vectors = embeddingLike(count, DIMENSION, 11);
// KEEP=1 keeps the set for the next run, which then skips the ingest.
const present = Number(await client.sendCommand(['VCARD', key]));
for (let start = present === count ? count : 0; start < count; start += 500) {
  await Promise.all(
    vectors.slice(start, start + 500).map((vector, offset) => {
      const at = start + offset;
      const attributes = Object.fromEntries(
        SELECTIVITIES.map((selectivity) => [`s${selectivity}`, at % selectivity === 0 ? 1 : 0]),
      );
      return client.sendCommand([
        'VADD',
        key,
        'FP32',
        encodeVector(vector),
        `e${at}`,
        'NOQUANT',
        'SETATTR',
        JSON.stringify(attributes),
      ]);
    }),
  );
}

// The same elements in our index, whose filtered query chooses between the graph and a scan.
const index = createVectorIndex(RedisConnection.from({ client }), {
  name: `profile:ours:${count}`,
  engine: 'vector-set',
  schema: {
    dimension: DIMENSION,
    fields: SELECTIVITIES.map((selectivity) => ({ name: `s${selectivity}`, type: 'numeric' })),
  },
});
if ((await index.exists()) ? (await index.info()).documents !== count : true) {
  for (let start = 0; start < count; start += 500) {
    await index.upsert(
      vectors.slice(start, start + 500).map((vector, offset) => ({
        id: `e${start + offset}`,
        vector,
        content: '',
        metadata: Object.fromEntries(
          SELECTIVITIES.map((selectivity) => [
            `s${selectivity}`,
            (start + offset) % selectivity === 0 ? 1 : 0,
          ]),
        ),
      })),
    );
  }
}

const norms = vectors.map((vector) => Math.hypot(...vector));
const cosineDistance = (a: number[], b: number[], normB: number) => {
  let dot = 0;
  for (let index = 0; index < a.length; index++) dot += (a[index] ?? 0) * (b[index] ?? 0);
  return 1 - dot / (Math.hypot(...a) * normB);
};
const queries = embeddingLike(QUERIES, DIMENSION, 12);

for (const selectivity of SELECTIVITIES) {
  const matching = vectors.flatMap((_, at) => (at % selectivity === 0 ? [at] : []));
  const truth = queries.map((query) =>
    matching
      .map((at) => ({
        id: `e${at}`,
        distance: cosineDistance(query, vectors[at] ?? [], norms[at] ?? 1),
      }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, K)
      .map((hit) => hit.id),
  );
  const modes: Record<string, string[]> = { 'EF 100, default FILTER-EF': ['EF', '100'] };
  for (const ef of [10, 100]) {
    for (const filterEf of (process.env.FILTER_EFS ?? '3000,10000,30000').split(',')) {
      modes[`EF ${ef}, FILTER-EF ${filterEf}`] = ['EF', String(ef), 'FILTER-EF', filterEf];
    }
  }
  modes.TRUTH = ['TRUTH'];
  if (!process.env.ONLY_OURS) {
    await compareModes(selectivity, modes, truth, matching.length);
  }
  let found = 0;
  let expected = 0;
  const times = await latencies(
    QUERIES,
    async (at) => {
      const results = await index.query({
        vector: queries[at % QUERIES] ?? [],
        k: K,
        filter: num(`s${selectivity}`).eq(1),
      });
      const wanted = truth[at % QUERIES] ?? [];
      expected += wanted.length;
      found += wanted.filter((id) => results.some((result) => result.id === id)).length;
    },
    0,
  );
  console.log(
    `1/${selectivity}, ours (VectorIndex.query): recall@${K} ${(found / expected).toFixed(3)}, p50 ${quantile(times, 0.5).toFixed(3)} ms`,
  );
}

async function compareModes(
  selectivity: number,
  modes: Record<string, string[]>,
  truth: string[][],
  matching: number,
) {
  for (const [mode, extra] of Object.entries(modes)) {
    let found = 0;
    let returned = 0;
    let expected = 0;
    const times = await latencies(
      QUERIES,
      async (index) => {
        const query = queries[index % QUERIES] ?? [];
        const reply = (await client.sendCommand([
          'VSIM',
          key,
          'FP32',
          encodeVector(query),
          'COUNT',
          String(K),
          'FILTER',
          `.s${selectivity} == 1`,
          ...extra,
        ])) as string[];
        const wanted = truth[index % QUERIES] ?? [];
        returned += reply.length;
        expected += wanted.length;
        found += wanted.filter((id) => reply.includes(id)).length;
      },
      0,
    );
    console.log(
      `1/${selectivity} (${matching} matching), ${mode}: recall@${K} ${(found / expected).toFixed(3)}, returned ${(returned / QUERIES).toFixed(1)} of ${Math.min(K, matching)}, p50 ${quantile(times, 0.5).toFixed(3)} ms`,
    );
  }
}
if (!process.env.KEEP) {
  await client.del(key);
  await index.drop({ deleteDocuments: true });
}
await client.close();
await spawned?.stop();
