export type { TestRedisInfo } from './global-setup.js';
export {
  findRedis7Server,
  findRedisServer,
  freePort,
  LOCAL_REDIS_SERVER,
  noServerMessage,
  REPOSITORY_ROOT,
  type RedisServerProcess,
  redisServerVersion,
  type SpawnRedisServerOptions,
  spawnRedisServer,
  waitForPong,
} from './redis-server-process.js';
export {
  describeWith,
  GATE,
  type Gate,
  gateSkipReason,
  type RedisTestContext,
  randomPrefix,
  redisTest,
  type TestClient,
  testRedis,
} from './redis-test.js';
