import type { VectorEngine } from '@x/redis-core';
import { probeServer, spawnRedisServer } from '@x/test-utils';
import { describe } from 'vitest';
import { spawnSkipReason } from './spawn-skip-reason.js';

/**
 * The vector engines a server spawned by the suite offers: vector sets in Redis 8, the Query
 * Engine only where `REDIS_SERVER_ARGS` loads it (no package registry ships one). Found once
 * per test file, by spawning one server and asking it.
 */
async function spawnedEngines(): Promise<ReadonlySet<VectorEngine>> {
  if (spawnSkipReason() !== undefined) return new Set();
  const server = await spawnRedisServer();
  try {
    const probe = await probeServer(server.url);
    const engines = new Set<VectorEngine>();
    if (probe.vectorSets) engines.add('vector-set');
    if (probe.queryEngine) engines.add('query-engine');
    return engines;
  } finally {
    await server.stop();
  }
}

const SPAWNED_ENGINES = await spawnedEngines();

/** Why a spawned server cannot serve `engine`, or `undefined` when it can. */
function engineSkipReason(engine: VectorEngine | undefined): string | undefined {
  if (engine === undefined || SPAWNED_ENGINES.has(engine)) return undefined;
  return engine === 'query-engine'
    ? 'the spawned server has no Query Engine (REDIS_SERVER_ARGS can load one)'
    : 'the spawned server has no vector sets';
}

/**
 * `describe` for scenarios on servers the suite spawns: skipped, saying why, when no Redis 8
 * binary can be spawned (with only Docker, say), or when the scenario is for a vector `engine`
 * that the spawned servers lack.
 */
export function describeSpawned(name: string, body: () => void, engine?: VectorEngine): void {
  const reason = spawnSkipReason() ?? engineSkipReason(engine);
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  console.warn(`[reliability] skipped "${name}": ${reason}`);
  describe.skip(`${name} [skipped: ${reason}]`, body);
}
