import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { findRedisServer } from '@x/test-utils/servers';
import { FIGURES_FILE, type FiguresRecord } from './figures.js';
import { spawnSkipReason } from './spawn-skip-reason.js';

/**
 * Vitest global setup of the reliability suite: starts each run with no figures, notes the
 * machine the run is on (for RELIABILITY.md), and ends it with the totals.
 */
export default function setup(): () => void {
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
