import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  LOCAL_REDIS_SERVER,
  REPOSITORY_ROOT,
  type RedisServerProcess,
  spawnRedisServer,
  waitForPong,
} from '@x/test-utils/servers';

/** The Redis the demo talks to, and how to let go of it. */
export interface DemoRedis {
  url: string;
  /** Where it came from, for the console. */
  source: string;
  /** Stops what the demo started (nothing when it was given `REDIS_URL`). */
  stop: () => Promise<void>;
}

function dockerComposeUp(): DemoRedis | undefined {
  try {
    execFileSync('docker', ['compose', 'up', '-d', '--wait'], {
      cwd: REPOSITORY_ROOT,
      stdio: 'inherit',
    });
  } catch {
    return undefined;
  }
  return {
    url: 'redis://127.0.0.1:6379',
    source: 'docker compose (docker-compose.yml)',
    stop: async () => {
      execFileSync('docker', ['compose', 'stop'], { cwd: REPOSITORY_ROOT, stdio: 'inherit' });
    },
  };
}

/**
 * `REDIS_URL` if set; else the project-local Redis 8 (fetched by scripts/get-redis.sh on first
 * use, started here on a free port and stopped with the demo); else `docker compose up -d`.
 */
export async function findRedis(): Promise<DemoRedis> {
  if (process.env.REDIS_URL) {
    return { url: process.env.REDIS_URL, source: 'REDIS_URL', stop: async () => {} };
  }
  if (!existsSync(LOCAL_REDIS_SERVER)) {
    try {
      execFileSync('bash', [join(REPOSITORY_ROOT, 'scripts/get-redis.sh')], { stdio: 'inherit' });
    } catch {
      // Not a Debian-like machine: Docker is the next way.
    }
  }
  if (existsSync(LOCAL_REDIS_SERVER)) {
    const server: RedisServerProcess = await spawnRedisServer({
      binary: LOCAL_REDIS_SERVER,
      args: ['--appendonly', 'yes', '--appendfsync', 'everysec'],
    });
    await waitForPong(server.port);
    return {
      url: server.url,
      source: `project-local ${LOCAL_REDIS_SERVER}`,
      stop: () => server.stop(),
    };
  }
  const composed = dockerComposeUp();
  if (composed) return composed;
  throw new Error(
    'No Redis for the demo: set REDIS_URL, run it on Debian/Ubuntu x86_64 (scripts/get-redis.sh), or start Docker for `docker compose up -d`.',
  );
}
