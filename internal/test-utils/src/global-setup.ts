import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  findRedis7Server,
  noServerMessage,
  REPOSITORY_ROOT,
  type RedisServerProcess,
  spawnRedisServer,
  waitForPong,
} from './redis-server-process.js';
import { probeServer, type ServerProbe } from './server-probe.js';

/** What the global setup hands to every test file through `inject('redis')`. */
export interface TestRedisInfo {
  /** The URL of the server the tests use. */
  url: string;
  /** Where the server came from, for the log: `REDIS_URL`, a binary's path, or a container. */
  source: string;
  /** What the server offers. */
  capabilities: ServerProbe;
  /** A Redis 7 `redis-server` binary for comparison tests, when one is installed. */
  redis7Binary: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    redis: TestRedisInfo;
  }
}

/** The image of the root docker-compose.yml, so tests and compose always run the same Redis. */
function composeImage(): string {
  const compose = readFileSync(join(REPOSITORY_ROOT, 'docker-compose.yml'), 'utf8');
  const image = /^\s*image:\s*["']?([^"'\s]+)/m.exec(compose)?.[1];
  if (!image) throw new Error('docker-compose.yml names no image');
  return image;
}

async function startServer(): Promise<{ url: string; source: string; stop: () => Promise<void> }> {
  if (process.env.REDIS_URL) {
    return { url: process.env.REDIS_URL, source: 'REDIS_URL', stop: async () => {} };
  }
  try {
    const server = await spawnRedisServer();
    return {
      url: server.url,
      source: `spawned ${server.binary}`,
      stop: watchServer(server),
    };
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('No Redis server found'))
      throw error;
  }
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const image = composeImage();
    const container = await new GenericContainer(image)
      .withExposedPorts(6379)
      .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
      .start();
    return {
      url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`,
      source: `container ${image}`,
      stop: async () => {
        await container.stop();
      },
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new Error(`${noServerMessage()}\n(Docker was tried too: ${reason})`);
  }
}

/**
 * Says at once, with the end of the server's log, when the run's own server dies before the run
 * ends (every test still running would otherwise only time out), and at the end when it no
 * longer answers PING. Returns the run's stop.
 */
function watchServer(server: RedisServerProcess): () => Promise<void> {
  let stopping = false;
  const child = server.process;
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `[test-utils] the run's redis-server (port ${server.port}) exited (${signal ?? code}) ` +
        `while tests ran; its log ends:\n${server.logTail()}`,
    );
  });
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        await waitForPong(server.port, 2_000);
      } catch {
        console.error(
          `[test-utils] the run's redis-server (port ${server.port}) did not answer PING at ` +
            `the end of the run; its log ends:\n${server.logTail()}`,
        );
      }
    }
    stopping = true;
    await server.stop();
  };
}

function describeServer(info: TestRedisInfo): string {
  const { capabilities: caps } = info;
  const engines = [caps.queryEngine && 'query-engine', caps.vectorSets && 'vector-set'].filter(
    Boolean,
  );
  const missing = [
    !caps.queryEngine && 'query-engine (no FT.*: its suites are skipped)',
    !caps.vectorSets && 'vector-set (no VADD: its suites are skipped)',
  ].filter(Boolean);
  return [
    `[test-utils] ${caps.server} ${caps.redisVersion} at ${info.url} (${info.source})`,
    `[test-utils] vector engines available: ${engines.join(', ') || 'none'}${missing.length ? `; missing: ${missing.join('; ')}` : ''}`,
    `[test-utils] redis 7 for comparison: ${info.redis7Binary ?? 'not installed (its suites are skipped)'}`,
  ].join('\n');
}

/** Vitest global setup: finds or starts one Redis for the run and tells every test about it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startServer();
  const capabilities = await probeServer(server.url);
  const redis7 = findRedis7Server();
  const info: TestRedisInfo = {
    url: server.url,
    source: server.source,
    capabilities,
    redis7Binary: redis7?.binary ?? null,
  };
  console.log(describeServer(info));
  project.provide('redis', info);
  return server.stop;
}
