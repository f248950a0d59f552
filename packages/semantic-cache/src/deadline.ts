import { FAILURE_REASON, RedisOperationError } from '@x/redis-core';

/**
 * Settles with `task`'s outcome, or rejects with a `timeout` {@link RedisOperationError} once
 * `timeoutMs` milliseconds have passed; whatever `task` does afterwards is ignored.
 *
 * A semantic lookup spends most of its time in the embedding call, which no signal of ours can
 * stop, so a race with one timer is the bound. One timer per call costs nothing next to an
 * embedding; the exact cache shares timers because its lookups take microseconds.
 */
export function withDeadline<T>(
  task: () => Promise<T>,
  timeoutMs: number,
  operation: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new RedisOperationError(
          FAILURE_REASON.timeout,
          operation,
          `${operation} did not finish within ${timeoutMs} ms; it was given up`,
        ),
      );
    }, timeoutMs);
    // A finished cache must not keep the process alive until its last deadline.
    timer.unref();
    let running: Promise<T>;
    try {
      running = task();
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
        reject(error);
      },
    );
  });
}
