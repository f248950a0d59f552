/**
 * The semantic cache's partition measurement alone (the `semantic-cache` suite runs it too): a
 * lookup in a cache of one scope against one in a cache of 1,000 scopes of 100 entries each.
 * Usage: tsx src/profile/semantic-partitions.ts [vector-set|query-engine] [--quick]
 * (spawns a server unless REDIS_URL is set).
 */
import type { VectorEngine } from '@x/redis-core';
import { spawnRedisServer } from '@x/test-utils/servers';
import { createClient } from 'redis';
import { formatMeasurement } from '../report.js';
import { partitionMeasurements } from '../suites/semantic-partitions.js';
import type { Client } from '../suites/semantic-raw.js';

const engine = (process.argv[2] ?? 'vector-set') as VectorEngine;
const spawned = process.env.REDIS_URL ? undefined : await spawnRedisServer();
const client = createClient({ url: process.env.REDIS_URL ?? spawned?.url });
await client.connect();
try {
  await partitionMeasurements(
    client as unknown as Client,
    engine,
    `profile${Date.now()}`,
    process.argv.includes('--quick'),
    (measurement) =>
      console.log(
        `${measurement.name}, ${measurement.scope}: ${formatMeasurement(measurement)}${measurement.target ? ` (target ${measurement.target.label})` : ''}`,
      ),
  );
} finally {
  await client.close();
  await spawned?.stop();
}
