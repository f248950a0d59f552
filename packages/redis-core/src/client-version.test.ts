import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import redisPackage from 'redis/package.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';

// `scripts/test-clients.mjs` runs the suites on other node-redis versions: this proves that the
// run loads the version it says (every `redis` import goes to it), not the workspace's.
describe('node-redis', () => {
  it('is the version this run was asked to test', () => {
    const asked = process.env.X_REDIS_CLIENT_VERSION;
    const workspace = JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve('redis/package.json'), 'utf8'),
    ) as { version: string };
    expect(redisPackage.version).toBe(asked ?? workspace.version);
  });
});
