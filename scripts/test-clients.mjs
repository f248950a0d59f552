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
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The ends of the peer range (and of its major 6); bump the newest when node-redis releases. */
const DEFAULT_VERSIONS = ['5.12.4', '6.0.0', '6.4.0'];
const versions = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_VERSIONS;

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
};

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
  const status = run(
    'pnpm',
    ['exec', 'turbo', 'run', 'test', '--filter=./packages/*', '--concurrency=2', '--continue'],
    {
      env: {
        ...process.env,
        X_REDIS_CLIENT_DIR: directory,
        X_REDIS_CLIENT_VERSION: installed,
      },
    },
  );
  lines.push(`node-redis ${installed}: ${status === 0 ? 'passed' : 'FAILED'}`);
  if (status !== 0) failed++;
}
console.log(`\n${lines.join('\n')}`);
process.exit(failed === 0 ? 0 : 1);
