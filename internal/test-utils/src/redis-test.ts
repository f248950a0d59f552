import { randomBytes } from 'node:crypto';
import { describe, inject, test } from 'vitest';
import type { TestRedisInfo } from './global-setup.js';
import { createTestClient, dropIndexes, removeKeys, type TestClient } from './server-probe.js';

/** What each test gets from {@link redisTest}: a client, and a key prefix of its own. */
export interface RedisTestContext {
  /** A connected client to the run's server, closed after the test. */
  client: TestClient;
  /** The server's URL. */
  url: string;
  /**
   * A random prefix (`t<hex>`) for this test's keys and index names; every key under it is
   * removed after the test.
   */
  prefix: string;
  /** What the server offers. */
  info: TestRedisInfo;
}

/** A random prefix that no other test uses. */
export function randomPrefix(): string {
  return `t${randomBytes(6).toString('hex')}`;
}

/** The run's server, as the global setup found it. */
export function testRedis(): TestRedisInfo {
  return inject('redis');
}

/**
 * `test` with a `redis` fixture: a connected client and a prefix of its own, whose Query Engine
 * indexes are dropped and keys removed (SCAN + UNLINK) when the test ends.
 */
export const redisTest = test.extend<{ redis: RedisTestContext }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads the fixture's dependencies from this pattern
  redis: async ({}, use) => {
    const info = testRedis();
    const client = createTestClient(info.url);
    await client.connect();
    const prefix = randomPrefix();
    try {
      await use({ client, url: info.url, prefix, info });
    } finally {
      if (info.capabilities.queryEngine) await dropIndexes(client, prefix);
      await removeKeys(client, `${prefix}*`);
      await client.close();
    }
  },
});

/** What a suite may need of the server. */
export const GATE = {
  queryEngine: 'query-engine',
  vectorSet: 'vector-set',
  /** Either vector engine: for what runs on whichever the server offers (`engine: 'auto'`). */
  vectorSearch: 'vector-search',
  cluster: 'cluster',
  redis7: 'redis7',
} as const;

/** One of the {@link GATE} values. */
export type Gate = (typeof GATE)[keyof typeof GATE];

/** Why the run's server cannot serve `gate`, or `undefined` when it can. */
export function gateSkipReason(gate: Gate): string | undefined {
  const info = testRedis();
  const caps = info.capabilities;
  switch (gate) {
    case 'query-engine':
      return caps.queryEngine
        ? undefined
        : `${caps.server} ${caps.redisVersion} has no Query Engine (FT.*)`;
    case 'vector-set':
      return caps.vectorSets
        ? undefined
        : `${caps.server} ${caps.redisVersion} has no vector sets (VADD)`;
    case 'vector-search':
      return caps.queryEngine || caps.vectorSets
        ? undefined
        : `${caps.server} ${caps.redisVersion} has neither the Query Engine nor vector sets`;
    case 'cluster':
      return caps.cluster ? undefined : 'the server is not a cluster';
    case 'redis7':
      return info.redis7Binary ? undefined : 'no Redis 7 redis-server is installed';
  }
}

/**
 * `describe` that runs only when the server offers `gate`; otherwise the suite is skipped and
 * its title and the log say why.
 */
export function describeWith(gate: Gate, name: string, body: () => void): void {
  const reason = gateSkipReason(gate);
  if (reason) {
    console.warn(`[test-utils] skipped "${name}": ${reason}`);
    describe.skip(`${name} [skipped: ${reason}]`, body);
  } else {
    describe(name, body);
  }
}

/**
 * Runs `use` with a client connected as a new ACL user of the test's server, allowed exactly
 * `rules` (key patterns and commands, as `ACL SETUSER` takes them), then closes the client and
 * deletes the user: for tests that check a documented least-privilege ACL.
 */
export async function withAclUser<T>(
  redis: Pick<RedisTestContext, 'client' | 'url' | 'prefix'>,
  rules: readonly string[],
  use: (client: TestClient) => Promise<T>,
): Promise<T> {
  const username = `u${redis.prefix}`;
  const password = randomBytes(12).toString('hex');
  await redis.client.sendCommand(['ACL', 'SETUSER', username, 'on', `>${password}`, ...rules]);
  const url = new URL(redis.url);
  url.username = username;
  url.password = password;
  const client = createTestClient(url.toString());
  try {
    await client.connect();
    return await use(client);
  } finally {
    if (client.isOpen) await client.close();
    await redis.client.sendCommand(['ACL', 'DELUSER', username]);
  }
}
