import { RedisConnection } from '../connection.js';
import type { ConnectionOptions } from '../connection-options.js';
import { VectorIndex } from './vector-index.js';
import type { VectorIndexOptions } from './vector-index-options.js';

/**
 * Makes a {@link VectorIndex} on a connection, or on a client or URL (a connection made from a
 * URL is the index's own, closed by `close()`).
 *
 * @throws {InvalidKeyError} for an invalid name or prefix; {@link InvalidArgumentError} for an
 *   invalid schema or engine. Nothing is sent before the first call.
 */
export function createVectorIndex(
  target: RedisConnection | ConnectionOptions,
  options: VectorIndexOptions,
): VectorIndex {
  if (target instanceof RedisConnection) return new VectorIndex(target, false, options);
  const connection = RedisConnection.from(target, options.onError);
  return new VectorIndex(connection, connection.owned, options);
}
