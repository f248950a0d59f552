import { findRedisServer } from '@x/test-utils/servers';

/** The major version a spawned server needs: vector sets are built into Redis 8. */
const REDIS_MAJOR = 8;

/**
 * Why the suite cannot spawn its own servers here, or `undefined` when it can: it needs a
 * Redis 8 `redis-server` binary (`pnpm redis:get`, `$REDIS_SERVER`, or one on the `PATH`),
 * since it kills, pauses and fills them, and makes clusters and TLS servers of them.
 */
export function spawnSkipReason(): string | undefined {
  const found = findRedisServer();
  if (found === undefined) return 'no redis-server binary to spawn (run `pnpm redis:get`)';
  const major = Number.parseInt(found.version, 10);
  if (major < REDIS_MAJOR) {
    return `${found.binary} is Redis ${found.version}; the suite spawns Redis ${REDIS_MAJOR} (run \`pnpm redis:get\`)`;
  }
  return undefined;
}
