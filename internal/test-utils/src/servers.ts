// The server helpers alone, without vitest, for scripts such as the bench and the demo.

export {
  CLUSTER_SLOTS,
  type RedisClusterProcess,
  type SpawnRedisClusterOptions,
  spawnRedisCluster,
} from './cluster.js';
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
export { probeServer, type ServerProbe } from './server-probe.js';
export {
  createSelfSignedCertificate,
  type SelfSignedCertificate,
  spawnTlsRedisServer,
  type TlsRedisServerProcess,
} from './tls.js';
