/**
 * One round trip or two for a vector-set query that returns documents: VSIM alone, VSIM then
 * the hashes (what the vector index does), and VSIM + hashes inside one read-only script.
 * Usage: tsx src/profile/query-round-trips.ts [documents] (spawns a server unless REDIS_URL).
 */
import { encodeVector } from '@x/redis-core';
import { spawnRedisServer } from '@x/test-utils/servers';
import { createClient } from 'redis';
import { inFlight, latencies, quantile } from '../harness.js';
import { embeddingLike } from '../suites/vectors.js';

const count = Number(process.argv[2] ?? 10_000);
const spawned = process.env.REDIS_URL ? undefined : await spawnRedisServer();
const client = createClient({ url: process.env.REDIS_URL ?? spawned?.url });
await client.connect();
const base = 'profile:{q}';
const data = embeddingLike(count, 384, 1);
for (let start = 0; start < count; start += 500) {
  await Promise.all(
    data.slice(start, start + 500).map((vector, offset) => {
      const id = `d${start + offset}`;
      return client
        .multi()
        .addCommand([
          'VADD',
          `${base}:vectors`,
          'FP32',
          encodeVector(vector),
          id,
          'NOQUANT',
          'EF',
          '200',
          'M',
          '16',
        ])
        .addCommand([
          'HSET',
          `${base}:doc:${id}`,
          'content',
          `document ${id}`,
          'metadata',
          '{"genre":"a"}',
        ])
        .exec();
    }),
  );
}
const queries = embeddingLike(200, 384, 2).map((vector) => encodeVector(vector));
const vsim = (at: number) => [
  'VSIM',
  `${base}:vectors`,
  'FP32',
  queries[at % 200] as Buffer,
  'WITHSCORES',
  'COUNT',
  '10',
  'EF',
  '100',
];
const SCRIPT = `local hits = redis.call('VSIM', KEYS[1], 'FP32', ARGV[1], 'WITHSCORES', 'COUNT', '10', 'EF', '100')
local out = {}
for i = 1, #hits, 2 do
  out[#out + 1] = {hits[i], hits[i + 1], redis.call('HMGET', ARGV[2] .. hits[i], 'content', 'metadata')}
end
return out`;
const sha = String(await client.sendCommand(['SCRIPT', 'LOAD', SCRIPT]));
const READ = `local out = {}
for i = 2, #KEYS do out[#out + 1] = redis.call('HMGET', KEYS[i], 'content', 'metadata') end
return out`;
const cases: Record<string, (at: number) => Promise<unknown>> = {
  'VSIM alone': (at) => client.sendCommand(vsim(at)),
  'VSIM, then HMGET of each hit (pipelined)': async (at) => {
    const hits = (await client.sendCommand(vsim(at))) as unknown as
      | string[]
      | Record<string, unknown>;
    const ids = Array.isArray(hits) ? hits.filter((_, i) => i % 2 === 0) : Object.keys(hits);
    await Promise.all(
      ids.map((id) => client.sendCommand(['HMGET', `${base}:doc:${id}`, 'content', 'metadata'])),
    );
  },
  'VSIM, then one EVAL_RO read (as ours)': async (at) => {
    const hits = (await client.sendCommand(vsim(at))) as unknown as
      | string[]
      | Record<string, unknown>;
    const ids = Array.isArray(hits) ? hits.filter((_, i) => i % 2 === 0) : Object.keys(hits);
    await client.sendCommand([
      'EVAL_RO',
      READ,
      String(ids.length + 1),
      `${base}:vectors`,
      ...ids.map((id) => `${base}:doc:${id}`),
    ]);
  },
  'one EVALSHA_RO: VSIM + HMGET inside': (at) =>
    client.sendCommand([
      'EVALSHA_RO',
      sha,
      '1',
      `${base}:vectors`,
      queries[at % 200] as Buffer,
      `${base}:doc:`,
    ]),
};
for (const [name, task] of Object.entries(cases)) {
  const times = await latencies(400, task);
  const started = performance.now();
  await inFlight(2000, 64, task);
  const rate = 2000 / ((performance.now() - started) / 1000);
  console.log(
    `${name.padEnd(44)} one at a time p50 ${quantile(times, 0.5).toFixed(3)} ms; 64 in flight ${Math.round(rate)}/s`,
  );
}
await client.flushAll();
await client.close();
await spawned?.stop();
