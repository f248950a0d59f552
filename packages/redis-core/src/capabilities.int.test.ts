import {
  describeWith,
  findRedisServer,
  redisTest,
  spawnRedisServer,
  testRedis,
} from '@x/test-utils';
import { createClient } from 'redis';
import { describe, expect } from 'vitest';
import { compareVersions, detectCapabilities } from './capabilities.js';
import { RedisConnection } from './connection.js';

async function capabilitiesOf(url: string, RESP: 2 | 3 = 2) {
  const client = createClient({ url, RESP });
  client.on('error', () => {});
  await client.connect();
  try {
    return await detectCapabilities(client);
  } finally {
    await client.close();
  }
}

describe('detectCapabilities on the run server', () => {
  redisTest(
    'reports the version INFO reports, and vector sets from Redis 8 on',
    async ({ redis }) => {
      const capabilities = await detectCapabilities(redis.client);
      const info = await redis.client.info('server');
      expect(info).toContain(`redis_version:${capabilities.redisVersion}`);
      expect(capabilities.vectorSets).toBe(
        compareVersions(capabilities.redisVersion, '8.0.0') >= 0,
      );
      expect(capabilities.cluster).toBe(false);
      // The test utilities probe the server on their own: both views must agree.
      expect(capabilities.redisVersion).toBe(redis.info.capabilities.redisVersion);
      expect(capabilities.vectorSets).toBe(redis.info.capabilities.vectorSets);
      expect(capabilities.queryEngine !== null).toBe(redis.info.capabilities.queryEngine);
      const search = await redis.client.sendCommand(['COMMAND', 'INFO', 'FT.SEARCH']);
      expect(capabilities.queryEngine !== null).toBe(Array.isArray(search) && search[0] !== null);
    },
  );

  redisTest('answers the same for RESP2 and RESP3 clients', async ({ redis }) => {
    const resp2 = await capabilitiesOf(redis.url, 2);
    const resp3 = await capabilitiesOf(redis.url, 3);
    expect(resp3).toEqual(resp2);
  });

  redisTest('asks once per client and shares the answer', async ({ redis }) => {
    const connection = RedisConnection.from({ client: redis.client });
    const first = detectCapabilities(connection);
    expect(detectCapabilities(redis.client)).toBe(first);
    await first;
  });

  redisTest(
    'fails with a typed error when the server is unreachable, and is not cached',
    async () => {
      const connection = RedisConnection.from({
        url: 'redis://127.0.0.1:1',
        clientOptions: { socket: { reconnectStrategy: false, connectTimeout: 500 } },
      });
      await expect(detectCapabilities(connection)).rejects.toMatchObject({
        name: 'RedisOperationError',
        reason: 'unavailable',
      });
      await connection.close();
    },
  );
});

describeWith('redis7', 'detectCapabilities on Redis 7 (Debian package, no modules)', () => {
  redisTest('reports no vector sets and no Query Engine', async () => {
    const server = await spawnRedisServer({ binary: testRedis().redis7Binary ?? '' });
    try {
      const capabilities = await capabilitiesOf(server.url);
      console.log(`[capabilities] redis 7: ${JSON.stringify(capabilities)}`);
      expect(capabilities.redisVersion).toMatch(/^7\./);
      expect(capabilities.vectorSets).toBe(false);
      expect(capabilities.queryEngine).toBeNull();
      expect(capabilities.json).toBe(false);
    } finally {
      await server.stop();
    }
  });
});

const redis8 = findRedisServer();
describe.skipIf(!redis8?.version.startsWith('8.'))('detectCapabilities on Redis 8', () => {
  redisTest('reports vector sets', async () => {
    const server = await spawnRedisServer({ binary: redis8?.binary ?? '' });
    try {
      const capabilities = await capabilitiesOf(server.url, 3);
      console.log(`[capabilities] redis 8: ${JSON.stringify(capabilities)}`);
      expect(capabilities.redisVersion).toMatch(/^8\./);
      expect(capabilities.vectorSets).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describeWith('vector-set', 'vector sets on the run server', () => {
  redisTest('take VADD and answer VSIM, as detected', async ({ redis }) => {
    const key = `${redis.prefix}:vs`;
    await redis.client.sendCommand(['VADD', key, 'VALUES', '2', '1', '0', 'a']);
    const reply = await redis.client.sendCommand(['VSIM', key, 'VALUES', '2', '1', '0']);
    expect(reply).toEqual(['a']);
  });
});
