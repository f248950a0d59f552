#!/usr/bin/env node
// Runs the packages' tests on other node-redis versions than the workspace's: by default the
// lowest and the newest release of the declared peer range (`^5.0.0 || ^6.0.0`). Each version
// is installed once from the npm registry under .cache/node-redis/<version>, and every `redis`
// import of the run loads it (X_REDIS_CLIENT_DIR, read by @x/test-utils' vitest config).
//   node scripts/test-clients.mjs [version ...]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The ends of the peer range; bump the newest when node-redis releases. */
const DEFAULT_VERSIONS = ['5.0.0', '6.4.0'];
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
    ['exec', 'turbo', 'run', 'test', '--filter=./packages/*', '--concurrency=2'],
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
