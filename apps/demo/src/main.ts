import { detectCapabilities, RedisConnection } from '@x/redis-core';
import { findRedis } from './find-redis.js';

// The demo's first slice: find a Redis, say what it offers, and stop what was started. The
// chat app that composes the packages comes with the demo issue.
const redis = await findRedis();
const connection = RedisConnection.from({ url: redis.url });
try {
  const capabilities = await detectCapabilities(connection);
  const engine = capabilities.queryEngine
    ? 'query-engine'
    : capabilities.vectorSets
      ? 'vector-set'
      : 'none';
  console.log(`Redis at ${redis.url} (${redis.source})`);
  console.log(JSON.stringify(capabilities, null, 2));
  console.log(`vector engine the packages would pick: ${engine}`);
} finally {
  await connection.close();
  await redis.stop();
}
