export type { TestRedisInfo } from './global-setup.js';
export {
  describeWith,
  GATE,
  type Gate,
  gateSkipReason,
  type RedisTestContext,
  randomPrefix,
  redisTest,
  testRedis,
  withAclUser,
} from './redis-test.js';
export { seededRandom } from './seeded-random.js';
export {
  createTestClient,
  dropIndexes,
  probeServer,
  removeKeys,
  type ServerProbe,
  type TestClient,
} from './server-probe.js';
export {
  CLUSTER_SLOTS,
  createSelfSignedCertificate,
  findRedis7Server,
  findRedisServer,
  freePort,
  LOCAL_REDIS_SERVER,
  noServerMessage,
  REPOSITORY_ROOT,
  type RedisClusterProcess,
  type RedisServerProcess,
  redisServerVersion,
  type SelfSignedCertificate,
  type SpawnRedisClusterOptions,
  type SpawnRedisServerOptions,
  spawnRedisCluster,
  spawnRedisServer,
  spawnTlsRedisServer,
  type TlsRedisServerProcess,
  waitForPong,
} from './servers.js';
