export { RedisSaver } from './redis-saver.js';
export type { RedisSaverOptions } from './redis-saver-options.js';
export { RedisStore, type RedisStoreOptions } from './redis-store.js';
