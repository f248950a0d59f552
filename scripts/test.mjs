#!/usr/bin/env node
// Runs every package's tests through turbo, then prints one total line that CI can read:
// "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeResults, readResults } from './test-results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

// A fresh Debian/Ubuntu machine has no Redis 8: fetch the project-local one once, here, rather
// than in each package's parallel test run. Elsewhere the tests fall back to Docker.
const localRedis = join(root, '.cache/redis/bin/redis-server');
if (!process.env.REDIS_URL && !process.env.REDIS_SERVER && !existsSync(localRedis)) {
  const fetched = spawnSync('bash', [join(root, 'scripts/get-redis.sh')], { stdio: 'inherit' });
  if (fetched.status !== 0)
    console.warn('test: no project-local Redis 8; the tests will look for Docker');
}
const run = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'test', '--concurrency=2', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

const runs = readResults(root, started);
const passed = runs.reduce((sum, r) => sum + r.passed, 0);
const failed = runs.reduce((sum, r) => sum + r.failed, 0);
const skipped = runs.reduce((sum, r) => sum + r.skipped, 0);
console.log(`\n${describeResults(runs).join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
