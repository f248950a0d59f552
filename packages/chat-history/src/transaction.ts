import {
  InvalidArgumentError,
  type RedisArgument,
  type RedisConnection,
  RedisStoreError,
  toRedisOperationError,
} from '@x/redis-core';

/** One command, as node-redis sends it: `['RPUSH', key, value]`. */
export type RedisCommand = readonly RedisArgument[];

// What we use of node-redis's (v5 and v6) `client.multi()` and `cluster.multi(routing)`: raw
// commands only, so any client fits whatever its modules, scripts or RESP version.
interface ClientTransaction {
  addCommand(args: RedisArgument[]): ClientTransaction;
  exec(): Promise<unknown[]>;
}
interface ClusterTransaction {
  addCommand(
    firstKey: RedisArgument | undefined,
    isReadonly: boolean | undefined,
    args: RedisArgument[],
  ): ClusterTransaction;
  exec(): Promise<unknown[]>;
}
interface TransactionalClient {
  multi(): ClientTransaction;
}
interface TransactionalCluster {
  multi(routing?: RedisArgument): ClusterTransaction;
}

/**
 * Sends one command (Redis runs each command atomically).
 *
 * @throws {RedisOperationError} naming `operation` when Redis fails the command.
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
 * Runs `commands` as one MULTI/EXEC round trip and returns their replies in order. All the
 * commands' keys must share `key`'s cluster slot.
 *
 * node-redis's `multi()` queues MULTI, the commands and EXEC back to back, so commands that
 * other callers send on the same (auto-pipelined) client never land inside the transaction, as
 * they could if we sent `MULTI` and `EXEC` ourselves.
 *
 * @throws {RedisOperationError} naming `operation` when Redis refuses the transaction or any
 *   command in it; for a command that failed inside EXEC, its own error reply decides `reason`.
 */
export async function sendTransaction(
  connection: RedisConnection,
  key: string,
  commands: readonly RedisCommand[],
  operation: string,
): Promise<unknown[]> {
  try {
    await connection.ready();
    if (connection.isCluster) {
      const transaction = transactionalClient<TransactionalCluster>(connection).multi(key);
      for (const command of commands) transaction.addCommand(key, false, [...command]);
      return await transaction.exec();
    }
    const transaction = transactionalClient<TransactionalClient>(connection).multi();
    for (const command of commands) transaction.addCommand([...command]);
    return await transaction.exec();
  } catch (error) {
    throw failure(error, operation);
  }
}

function failure(error: unknown, operation: string): unknown {
  // Our own errors (a closed connection, a client without multi) already say what to do.
  if (RedisStoreError.isInstance(error)) return error;
  return toRedisOperationError(firstFailure(error), operation);
}

function transactionalClient<T>(connection: RedisConnection): T {
  const { client } = connection;
  if (typeof (client as { multi?: unknown }).multi !== 'function') {
    throw new InvalidArgumentError(
      '`client` has no multi(): pass a client or cluster created by node-redis v5 or v6',
    );
  }
  return client as T;
}

const EXEC_ABORT = 'EXECABORT Transaction discarded because of: ';

/**
 * The error whose reply code (`WRONGTYPE`, `OOM`, ...) says why a transaction failed. node-redis
 * rejects EXEC with a `MultiErrorReply` ("1 commands failed") when commands inside it failed,
 * and Redis ≥ 7 aborts a whole transaction with `EXECABORT ... because of: OOM ...` when it
 * refuses EXEC itself; both hide the code that `toRedisOperationError` reads.
 */
function firstFailure(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { replies, errorIndexes } = error as { replies?: unknown; errorIndexes?: unknown };
  if (Array.isArray(replies) && Array.isArray(errorIndexes)) {
    const first: unknown = replies[errorIndexes[0] as number];
    return first instanceof Error ? first : error;
  }
  if (error.message.startsWith(EXEC_ABORT)) {
    // The same reply class, so that it is still read as an error reply of the server.
    const Reply = error.constructor as new (message: string) => Error;
    const reason = new Reply(error.message.slice(EXEC_ABORT.length));
    reason.cause = error;
    return reason;
  }
  return error;
}
