#!/usr/bin/env node
// Runs the packages' tests on other node-redis versions than the workspace's: by default the
// ends of the declared peer range (`^5.12.4 || ^6.0.0`). Each version is installed once from
// the npm registry under .cache/node-redis/<version>, and every `redis` import of the run
// loads it (X_REDIS_CLIENT_DIR, read by @x/test-utils' vitest config).
//   node scripts/test-clients.mjs [version ...]
//
// Why the range starts at 5.12.4: on older 5.x, a client whose server was killed and restarted
// while its commands were being abandoned at their deadline sometimes never recovered (and
// never closed). 6 runs of 10 failed on 5.0.0 to 5.8.3 in llm-cache's fault test, 5.9.0 failed
// a whole-suite run in it and in chat-history's crash test, 5.12.4 passed every run (7).
// One CI run since failed on 5.12.4 (which test, its cut log did not say); 4 whole runs and 30
// runs of the three fault tests here passed. So a version that fails runs its failed packages
// once more, and the summary at the end names every failed test either way.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeResults, readResults } from './test-results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The ends of the peer range (and of its major 6); bump the newest when node-redis releases. */
const DEFAULT_VERSIONS = ['5.12.4', '6.0.0', '6.4.0'];
const versions = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_VERSIONS;

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
};

/** Runs the tests of the packages matched by `filters` on the node-redis installed in `directory`. */
function testPackages(directory, version, filters) {
  const started = Date.now();
  const status = run(
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'test',
      ...filters.map((filter) => `--filter=${filter}`),
      '--concurrency=2',
      '--continue',
    ],
    { env: { ...process.env, X_REDIS_CLIENT_DIR: directory, X_REDIS_CLIENT_VERSION: version } },
  );
  return { status, runs: readResults(root, started) };
}

/** Which tests failed, for the summary at the end (the log above it may be cut). */
function failureLines(runs) {
  const lines = describeResults(runs).filter((line) => line.startsWith('  FAILED'));
  return lines.length > 0
    ? lines
    : ['  no test failed: a run exited non-zero outside its tests (see its log above)'];
}

let failed = 0;
const lines = [];
for (const version of versions) {
  const directory = join(root, '.cache/node-redis', version);
  const manifest = join(directory, 'node_modules/redis/package.json');
  if (!existsSync(manifest)) {
    console.log(`\n=== node-redis ${version}: installing from the npm registry`);
    const status = run('npm', [
      'install',
      '--prefix',
      directory,
      '--no-save',
      '--no-package-lock',
      '--no-fund',
      '--no-audit',
      `redis@${version}`,
    ]);
    if (status !== 0) {
      console.error(`could not install redis@${version}`);
      process.exit(1);
    }
  }
  const installed = JSON.parse(readFileSync(manifest, 'utf8')).version;
  console.log(`\n=== the packages' tests on node-redis ${installed}`);
  const first = testPackages(directory, installed, ['./packages/*']);
  if (first.status === 0) {
    lines.push(`node-redis ${installed}: passed`);
    continue;
  }
  // One more run of the packages that failed: the main suite has already run every test on the
  // workspace's node-redis, so what this run guards is the other version. A failure that does
  // not come back is reported (and visible in the summary), a failure that does fails the run.
  const again = first.runs.filter((r) => r.failures.length > 0).map((r) => `./${r.name}`);
  console.log(
    `\n=== node-redis ${installed}: failed; running ${again.join(' ') || 'every package'} again`,
  );
  const second = testPackages(directory, installed, again.length > 0 ? again : ['./packages/*']);
  const verdict = second.status === 0 ? 'passed when run again (the first run failed)' : 'FAILED';
  lines.push(`node-redis ${installed}: ${verdict}`, ...failureLines(first.runs));
  if (second.status !== 0) {
    lines.push(`  and again:`, ...failureLines(second.runs));
    failed++;
  }
}
console.log(`\n${lines.join('\n')}`);
process.exit(failed === 0 ? 0 : 1);
