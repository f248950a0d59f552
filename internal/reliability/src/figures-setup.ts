import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { findRedisServer, probeServer, spawnRedisServer } from '@x/test-utils/servers';
import { FIGURES_FILE, type FiguresRecord } from './figures.js';
import { spawnSkipReason } from './spawn-skip-reason.js';

/** Whether a server spawned as the suite spawns them offers the Query Engine. */
async function spawnedQueryEngine(): Promise<boolean> {
  if (spawnSkipReason() !== undefined) return false;
  const server = await spawnRedisServer();
  try {
    return (await probeServer(server.url)).queryEngine;
  } finally {
    await server.stop();
  }
}

/**
 * Vitest global setup of the reliability suite: starts each run with no figures, notes the
 * machine the run is on and which servers had the Query Engine (for RELIABILITY.md and its
 * check: the Query Engine scenarios run only where one is), and ends it with the totals.
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
      queryEngine: {
        spawned: await spawnedQueryEngine(),
        run: process.env.REDIS_URL
          ? (await probeServer(process.env.REDIS_URL)).queryEngine
          : await spawnedQueryEngine(),
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
