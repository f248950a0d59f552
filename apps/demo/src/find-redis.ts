import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  LOCAL_REDIS_SERVER,
  REPOSITORY_ROOT,
  type RedisServerProcess,
  spawnRedisServer,
  waitForPong,
} from '@x/test-utils/servers';
import { createClient } from 'redis';

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

/** Where the project-local server keeps the demo's data, so chats survive a restart. */
export const DEMO_REDIS_DIRECTORY = join(REPOSITORY_ROOT, '.cache/demo-redis');

/** Whether nothing listens on `port` of the loopback interface. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

const DEMO_PORT = 6379;

/**
 * The URL of a Redis on 6379 that already serves the demo's data directory: another running
 * demo's, or one left behind by a demo that was killed. A second server on the same directory
 * would corrupt its append-only file, so the demo uses that one (and leaves it running).
 */
async function runningDemoServer(): Promise<string | undefined> {
  const url = `redis://127.0.0.1:${DEMO_PORT}`;
  const client = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    const { dir } = await client.configGet('dir');
    return dir && realpathSync(dir) === realpathSync(DEMO_REDIS_DIRECTORY) ? url : undefined;
  } catch {
    return undefined;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/** How long the demo tries a `REDIS_URL` before saying it cannot reach it, in milliseconds. */
const REACH_TIMEOUT_MS = 3000;

/**
 * Resolves once `url` answers PING; else throws, within a few seconds, saying what is wrong and
 * what to do (a demo that retried for ever would only print "reconnecting").
 */
async function checkReachable(url: string): Promise<void> {
  const client = createClient({
    url,
    socket: { connectTimeout: REACH_TIMEOUT_MS, reconnectStrategy: false },
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new Error(
      `REDIS_URL=${url} cannot be reached (${reason}). Start Redis there, or unset REDIS_URL and the demo starts a project-local Redis 8 itself.`,
    );
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/**
 * `REDIS_URL` if set (and reachable); else the project-local Redis 8 (fetched by scripts/get-redis.sh on first
 * use, started here on 6379 when that port is free, else on a free one, with its data kept in
 * `.cache/demo-redis`, and stopped with the demo; or the one already serving that directory);
 * else `docker compose up -d`.
 */
export async function findRedis(): Promise<DemoRedis> {
  if (process.env.REDIS_URL) {
    await checkReachable(process.env.REDIS_URL);
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
    const portFree = await portIsFree(DEMO_PORT);
    const running = portFree ? undefined : await runningDemoServer();
    if (running) {
      return {
        url: running,
        source: `already serving ${DEMO_REDIS_DIRECTORY}; the demo did not start it and leaves it running`,
        stop: async () => {},
      };
    }
    const server: RedisServerProcess = await spawnRedisServer({
      binary: LOCAL_REDIS_SERVER,
      ...(portFree ? { port: DEMO_PORT } : {}),
      directory: DEMO_REDIS_DIRECTORY,
      args: ['--appendonly', 'yes', '--appendfsync', 'everysec'],
    });
    await waitForPong(server.port);
    return {
      url: server.url,
      source: `project-local ${LOCAL_REDIS_SERVER}, data in ${DEMO_REDIS_DIRECTORY}`,
      stop: () => server.stop(),
    };
  }
  const composed = dockerComposeUp();
  if (composed) return composed;
  throw new Error(
    'No Redis for the demo: set REDIS_URL, run it on Debian/Ubuntu x86_64 (scripts/get-redis.sh), or start Docker for `docker compose up -d`.',
  );
}
