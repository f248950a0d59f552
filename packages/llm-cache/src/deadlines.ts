import { FAILURE_REASON, RedisOperationError, toRedisOperationError } from '@x/redis-core';

/** The most a deadline may fall short of `timeoutMs`, as a share of it (see {@link Deadlines}). */
const SLICE_SHARE = 0.1;
/** ... and in milliseconds. */
const MAX_SLICE_MS = 20;

/** The calls that start within one slice of time share one timer and one abort signal. */
class Slice {
  readonly closesAt: number;
  readonly controller = new AbortController();
  /** How to fail each call of the slice that has not settled yet. */
  readonly pending = new Set<() => void>();

  constructor(now: number, sliceMs: number, timeoutMs: number) {
    this.closesAt = now + sliceMs;
    const timer = setTimeout(() => {
      this.controller.abort();
      for (const expire of this.pending) expire();
      this.pending.clear();
    }, timeoutMs);
    // A finished cache must not keep the process alive for the rest of its last deadline.
    timer.unref();
  }
}

/**
 * Runs tasks so that each settles within `timeoutMs` milliseconds whatever happens to it: with
 * its result, with its failure as a {@link RedisOperationError}, or with a `timeout`
 * RedisOperationError once the time is up. A result or a failure after the deadline is dropped.
 *
 * A timer and an AbortController per call would cost a lookup about a third of its throughput,
 * so the calls that start within the same slice of time (a tenth of `timeoutMs`, at most 20 ms)
 * share one of each, set to the slice's start plus `timeoutMs`. Each call thus waits at most
 * `timeoutMs`, and at least `timeoutMs` less the slice.
 *
 * The shared signal lets node-redis drop commands still queued while it reconnects, instead of
 * sending them late; but a command already written to a server that stopped answering, or a
 * first connection still being made, cannot be aborted, so the race with the timer is what
 * bounds the wait.
 */
export class Deadlines {
  readonly #timeoutMs: number;
  readonly #sliceMs: number;
  #slice: Slice | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#sliceMs = Math.min(MAX_SLICE_MS, timeoutMs * SLICE_SHARE);
  }

  /**
   * Runs `task` within the deadline. `task` gets the abort signal of its slice.
   *
   * @param operation names the operation in the errors, e.g. `RedisCache.lookup`.
   */
  run<T>(task: (signal: AbortSignal) => Promise<T>, operation: string): Promise<T> {
    const slice = this.#current();
    return new Promise<T>((resolve, reject) => {
      // Only calls still pending at the deadline pay for an error object.
      const expire = () =>
        reject(
          new RedisOperationError(
            FAILURE_REASON.timeout,
            operation,
            `${operation} got no reply within ${this.#timeoutMs} ms`,
          ),
        );
      slice.pending.add(expire);
      const fail = (error: unknown) => {
        slice.pending.delete(expire);
        reject(toRedisOperationError(error, operation));
      };
      try {
        task(slice.controller.signal).then((value) => {
          slice.pending.delete(expire);
          resolve(value);
        }, fail);
      } catch (error) {
        fail(error);
      }
    });
  }

  #current(): Slice {
    const now = performance.now();
    if (this.#slice === undefined || now >= this.#slice.closesAt) {
      this.#slice = new Slice(now, this.#sliceMs, this.#timeoutMs);
    }
    return this.#slice;
  }
}
