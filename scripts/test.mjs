#!/usr/bin/env node
// Runs every package's tests through turbo, then prints one total line that CI can read:
// "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

let passed = 0;
let failed = 0;
let skipped = 0;
const reported = [];
for (const group of ['packages', 'apps', 'internal', '.']) {
  const directory = join(root, group);
  const names = group === '.' ? ['bench'] : existsSync(directory) ? readdirSync(directory) : [];
  for (const name of names) {
    const file = join(directory, name, 'node_modules/.vitest-results/results.json');
    if (!existsSync(file) || statSync(file).mtimeMs < started) continue;
    const results = JSON.parse(readFileSync(file, 'utf8'));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    skipped += results.numPendingTests + results.numTodoTests;
    reported.push(
      `${group}/${name}: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`,
    );
  }
}
console.log(`\n${reported.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
