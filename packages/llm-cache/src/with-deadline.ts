import { FAILURE_REASON, RedisOperationError, toRedisOperationError } from '@x/redis-core';

/**
 * Runs `task` and settles within `timeoutMs` milliseconds whatever happens to it: with its
 * result, with its failure as a {@link RedisOperationError}, or with a `timeout`
 * RedisOperationError once the time is up.
 *
 * `task` gets a signal that aborts at the deadline, so that node-redis drops a command still
 * waiting in its queue (while it reconnects) instead of sending it late. The deadline does not
 * rely on that alone: a command already written to a server that stopped answering, or a
 * connection still being opened, cannot be aborted, so the race with a timer is what bounds
 * the wait. A result or failure that comes after the deadline is dropped.
 */
export function withDeadline<T>(
  task: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  operation: string,
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new RedisOperationError(
        FAILURE_REASON.timeout,
        operation,
        `${operation} got no reply within ${timeoutMs} ms`,
      );
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    let running: Promise<T>;
    try {
      running = task(controller.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(toRedisOperationError(error, operation));
      },
    );
  });
}
