import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { findRedisServer, probeServer, spawnRedisServer } from '@x/test-utils/servers';
import { FIGURES_FILE, type FiguresRecord } from './figures.js';
import { spawnSkipReason } from './spawn-skip-reason.js';

/** The vector engines a server offers. */
async function enginesOf(url: string): Promise<string[]> {
  const probe = await probeServer(url);
  return [probe.vectorSets && 'vector-set', probe.queryEngine && 'query-engine'].filter(
    (engine): engine is string => typeof engine === 'string',
  );
}

/** The vector engines of a server spawned as the suite spawns them. */
async function spawnedEngines(): Promise<string[]> {
  if (spawnSkipReason() !== undefined) return [];
  const server = await spawnRedisServer();
  try {
    return await enginesOf(server.url);
  } finally {
    await server.stop();
  }
}

/**
 * Vitest global setup of the reliability suite: starts each run with no figures, notes the
 * machine the run is on and the vector engines of its servers (for RELIABILITY.md and its
 * check: an engine's scenarios run only where a server offers it), and ends it with the totals.
 */
export default async function setup(): Promise<() => void> {
  rmSync(FIGURES_FILE, { force: true });
  mkdirSync(dirname(FIGURES_FILE), { recursive: true });
  const redis = findRedisServer();
  writeFileSync(
    join(dirname(FIGURES_FILE), 'run.json'),
    JSON.stringify({
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
      node: process.versions.node,
      redis: redis ? `Redis ${redis.version}` : 'Redis',
      skipped: spawnSkipReason() ?? null,
      // The run's own server (concurrency) is REDIS_URL's, or one spawned like the others.
      engines: {
        spawned: await spawnedEngines(),
        run: process.env.REDIS_URL
          ? await enginesOf(process.env.REDIS_URL)
          : await spawnedEngines(),
      },
    }),
  );
  return () => {
    let records: FiguresRecord[] = [];
    try {
      records = readFileSync(FIGURES_FILE, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as FiguresRecord);
    } catch {
      return;
    }
    const sum = (key: 'attempted' | 'succeeded' | 'failedAsExpected' | 'lost') =>
      records.reduce((total, record) => total + record[key], 0);
    console.log(
      `[reliability] total: ${records.length} scenarios, ${sum('attempted')} attempted, ${sum('succeeded')} succeeded, ${sum('failedAsExpected')} failed as expected, ${sum('lost')} lost`,
    );
  };
}
