import { validate } from '@langchain/langgraph-checkpoint-validation';
import {
  createTestClient,
  findRedis7Server,
  gateSkipReason,
  type RedisClusterProcess,
  type RedisServerProcess,
  randomPrefix,
  removeKeys,
  spawnRedisCluster,
  spawnRedisServer,
  type TestClient,
  testRedis,
} from '@x/test-utils';
import { createClient, createCluster } from 'redis';
import { RedisSaver } from './redis-saver.js';

// LangGraph's own conformance suite for checkpointers, unmodified (library mode: it calls
// describe/it as globals), against the run's server, a Redis 7 and a 3-master cluster. Each
// checkpointer gets a prefix of its own, removed when the suite destroys it.

type Client = ReturnType<typeof createClient>;

/** The run's server (Redis 8 unless REDIS_URL names another). */
{
  let client: TestClient;
  const prefixes = new Map<RedisSaver, string>();
  validate<RedisSaver>({
    checkpointerName: `RedisSaver on the run's server`,
    async beforeAll() {
      client = createTestClient(testRedis().url);
      await client.connect();
    },
    async afterAll() {
      await client.close();
    },
    createCheckpointer() {
      const prefix = randomPrefix();
      const saver = new RedisSaver({ client, prefix });
      prefixes.set(saver, prefix);
      return saver;
    },
    async destroyCheckpointer(saver) {
      await removeKeys(client, `${prefixes.get(saver)}*`);
    },
  });
}

/** Redis 7 (no vector sets, no module): a server of its own. */
const redis7 = findRedis7Server();
if (redis7 === undefined) {
  console.warn(`[langgraph] skipped the conformance suite on Redis 7: ${gateSkipReason('redis7')}`);
} else {
  let server: RedisServerProcess;
  let client: Client;
  validate<RedisSaver>({
    checkpointerName: `RedisSaver on Redis ${redis7.version}`,
    beforeAllTimeout: 30_000,
    async beforeAll() {
      server = await spawnRedisServer({ binary: redis7.binary });
      client = createClient({ url: server.url });
      await client.connect();
    },
    async afterAll() {
      await client?.close();
      await server?.stop();
    },
    createCheckpointer() {
      return new RedisSaver({ client, prefix: randomPrefix() });
    },
    async destroyCheckpointer() {
      await client.flushAll();
    },
  });
}

/** A Redis Cluster of three masters: every key of a thread in one slot. */
{
  let cluster: RedisClusterProcess;
  let client: ReturnType<typeof createCluster>;
  validate<RedisSaver>({
    checkpointerName: 'RedisSaver on a 3-master Redis Cluster',
    beforeAllTimeout: 60_000,
    async beforeAll() {
      cluster = await spawnRedisCluster();
      client = createCluster({ rootNodes: [...cluster.rootNodes] });
      client.on('error', () => {});
      await client.connect();
    },
    async afterAll() {
      await client?.close();
      await cluster?.stop();
    },
    createCheckpointer() {
      return new RedisSaver({ client, prefix: randomPrefix() });
    },
    async destroyCheckpointer() {
      await Promise.all(
        client.masters.map(async (master) => (await client.nodeClient(master)).flushAll()),
      );
    },
  });
}
