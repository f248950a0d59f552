/**
 * Where the time of a semantic-cache lookup goes on vector sets: the same VSIM with and without
 * its parts (FILTER, EPSILON, threads, quantization), one at a time, on N entries.
 * Usage: tsx src/profile/vsim-costs.ts [entries] (spawns a server unless REDIS_URL is set).
 */
import { encodeVector } from '@x/redis-core';
import { spawnRedisServer } from '@x/test-utils/servers';
import { createClient } from 'redis';
import { latencies, quantile } from '../harness.js';
import { vectorOf } from '../suites/semantic-data.js';
import { generator } from '../suites/vectors.js';

const count = Number(process.argv[2] ?? 10_000);
const DIMENSION = 512;

const spawned = process.env.REDIS_URL ? undefined : await spawnRedisServer();
const client = createClient({ url: process.env.REDIS_URL ?? spawned?.url });
await client.connect();
const attributes = process.env.SIMPLE
  ? JSON.stringify({ p: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4' })
  : JSON.stringify({
      llm: ['a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4'],
      scope: ['f'.repeat(32)],
      scopeParts: [],
      format: ['g'],
    });
for (const quant of (process.env.QUANTS ?? 'NOQUANT,Q8').split(',')) {
  const key = `profile:${quant}`;
  await client.del(key);
  const started = performance.now();
  for (let start = 0; start < count; start += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - start) }, (_, offset) =>
        client.sendCommand([
          'VADD',
          key,
          'FP32',
          encodeVector(vectorOf(start + offset, false)),
          `e${start + offset}`,
          quant,
          'EF',
          '200',
          'SETATTR',
          attributes,
          'M',
          '16',
        ]),
      ),
    );
  }
  console.log(`${quant}: ${count} added in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const filter = process.env.SIMPLE
    ? '.p == "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"'
    : `("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4" in .llm) and ("${'f'.repeat(32)}" in .scope)`;
  const variants: Record<string, string[]> = {
    'COUNT 16 EF 40 FILTER EPSILON': [
      'WITHSCORES',
      'COUNT',
      '16',
      'EF',
      '40',
      'FILTER',
      filter,
      'EPSILON',
      '0.2',
    ],
    'COUNT 16 EF 40 FILTER EPSILON NOTHREAD': [
      'WITHSCORES',
      'COUNT',
      '16',
      'EF',
      '40',
      'FILTER',
      filter,
      'EPSILON',
      '0.2',
      'NOTHREAD',
    ],
    'COUNT 16 EF 40 EPSILON (no filter)': [
      'WITHSCORES',
      'COUNT',
      '16',
      'EF',
      '40',
      'EPSILON',
      '0.2',
    ],
    'COUNT 16 EF 40 EPSILON NOTHREAD (no filter)': [
      'WITHSCORES',
      'COUNT',
      '16',
      'EF',
      '40',
      'EPSILON',
      '0.2',
      'NOTHREAD',
    ],
    'COUNT 16 EF 40 (no filter, no epsilon)': ['WITHSCORES', 'COUNT', '16', 'EF', '40'],
    'COUNT 16 EF 20 FILTER EPSILON': [
      'WITHSCORES',
      'COUNT',
      '16',
      'EF',
      '20',
      'FILTER',
      filter,
      'EPSILON',
      '0.2',
    ],
    'COUNT 8 EF 8 FILTER EPSILON': [
      'WITHSCORES',
      'COUNT',
      '8',
      'EF',
      '8',
      'FILTER',
      filter,
      'EPSILON',
      '0.2',
    ],
    'COUNT 16 EF 16 FILTER EPSILON': [
      'WITHSCORES',
      'COUNT',
      '16',
      'EF',
      '16',
      'FILTER',
      filter,
      'EPSILON',
      '0.2',
    ],
  };
  for (const [name, options] of Object.entries(variants)) {
    for (const kind of ['hit', 'miss'] as const) {
      const vector = (index: number) =>
        kind === 'hit'
          ? vectorOf((index * 7919) % count, true)
          : Array.from({ length: DIMENSION }, generator(1e9 + index));
      const blobs = Array.from({ length: 400 }, (_, index) => encodeVector(vector(index)));
      const times = await latencies(300, (index) =>
        client.sendCommand(['VSIM', key, 'FP32', blobs[index % 400] as Buffer, ...options]),
      );
      console.log(
        `${quant} ${kind.padEnd(4)} ${name.padEnd(46)} p50 ${quantile(times, 0.5).toFixed(3)} ms  p90 ${quantile(times, 0.9).toFixed(3)} ms`,
      );
    }
  }
  const get = await latencies(300, () => client.sendCommand(['PING']));
  console.log(`PING p50 ${quantile(get, 0.5).toFixed(3)} ms`);
  await client.del(key);
}
await client.close();
await spawned?.stop();
