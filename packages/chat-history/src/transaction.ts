import { type RedisConnection, RedisStoreError } from '@x/redis-core';
import { type RedisArgument, toRedisOperationError } from '@x/redis-core/internal';

/** One command, as node-redis sends it: `['RPUSH', key, value]`. */
export type RedisCommand = readonly RedisArgument[];

/**
 * Sends one command (Redis runs each command atomically), within the connection's deadline.
 *
 * @throws {RedisOperationError} naming `operation` when Redis fails the command or does not
 *   answer within `timeoutMs`.
 */
export async function sendCommand(
  connection: RedisConnection,
  key: string,
  command: RedisCommand,
  operation: string,
): Promise<unknown> {
  try {
    return await connection.send(command, { key });
  } catch (error) {
    throw failure(error, operation);
  }
}

/**
 * Runs `commands` as one MULTI/EXEC round trip (`RedisConnection.multi`) and returns their
 * replies in order. All the commands' keys must share `key`'s cluster slot.
 *
 * @throws {RedisOperationError} naming `operation` when Redis refuses the transaction or any
 *   command in it, or does not answer within `timeoutMs`.
 */
export async function sendTransaction(
  connection: RedisConnection,
  key: string,
  commands: readonly RedisCommand[],
  operation: string,
): Promise<unknown[]> {
  try {
    return await connection.multi(commands, { key });
  } catch (error) {
    throw failure(error, operation);
  }
}

function failure(error: unknown, operation: string): unknown {
  // Our own errors (a closed connection) already say what to do.
  if (RedisStoreError.isInstance(error)) return error;
  return toRedisOperationError(error, operation);
}
