import { setMaxListeners } from 'node:events';
import {
  FAILURE_REASON,
  RedisOperationError,
  toRedisOperationError,
} from './redis-operation-error.js';

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
    // Every command of the slice listens to this one signal: no count of listeners is a leak
    // here, and Node's warning past ten would reach the user's console.
    setMaxListeners(0, this.controller.signal);
    const timer = setTimeout(() => {
      this.controller.abort();
      for (const expire of this.pending) expire();
      this.pending.clear();
    }, timeoutMs);
    // A finished client must not keep the process alive for the rest of its last deadline.
    timer.unref();
  }
}

/**
 * Runs tasks so that each settles within `timeoutMs` milliseconds whatever happens to it: with
 * its result, with its failure as a {@link RedisOperationError}, or with a `timeout`
 * RedisOperationError once the time is up. A result or a failure after the deadline is dropped.
 *
 * A timer and an AbortController per call would cost a cache lookup about a third of its
 * throughput, so the calls that start within the same slice of time (a tenth of `timeoutMs`, at
 * most 20 ms) share one of each, set to the slice's start plus `timeoutMs`. Each call thus waits
 * at most `timeoutMs`, and at least `timeoutMs` less the slice.
 *
 * The shared signal lets node-redis drop commands still queued while it reconnects, instead of
 * sending them late; but a command already written to a server that stopped answering, or a
 * first connection still being made, cannot be aborted, so the race with the timer is what
 * bounds the wait.
 */
export class Deadlines {
  /** The deadline of every call, in milliseconds. */
  readonly timeoutMs: number;
  readonly #sliceMs: number;
  readonly #describeTimeout: (operation: string, timeoutMs: number) => string;
  #slice: Slice | undefined;

  /**
   * @param describeTimeout the message of a call's timeout error, e.g. to say that a write may
   *   still land.
   */
  constructor(
    timeoutMs: number,
    describeTimeout: (operation: string, timeoutMs: number) => string = (operation, ms) =>
      `${operation} got no reply within ${ms} ms`,
  ) {
    this.timeoutMs = timeoutMs;
    this.#sliceMs = Math.min(MAX_SLICE_MS, timeoutMs * SLICE_SHARE);
    this.#describeTimeout = describeTimeout;
  }

  /**
   * Runs `task` within the deadline. `task` gets the abort signal of its slice.
   *
   * @param operation names the operation in the errors, e.g. `RedisCache.lookup`.
   */
  run<T>(task: (signal: AbortSignal) => Promise<T>, operation: string): Promise<T> {
    return this.#settle(
      task,
      () => this.#timedOut(operation),
      (error) => toRedisOperationError(error, operation),
    );
  }

  /**
   * Runs `task` within the deadline, as {@link run} does, but leaves its failure as it is (an
   * embedding model's error stays one) and rejects with a `timeout` RedisOperationError at the
   * deadline.
   */
  bound<T>(task: () => Promise<T>, operation: string): Promise<T> {
    return this.#settle(
      task,
      () => this.#timedOut(operation),
      (error) => error,
    );
  }

  #timedOut(operation: string): RedisOperationError {
    return new RedisOperationError(
      FAILURE_REASON.timeout,
      operation,
      this.#describeTimeout(operation, this.timeoutMs),
    );
  }

  /**
   * Runs `task` within the deadline, as {@link run} does, but leaves its failure as it is and
   * rejects with `timeoutError()` at the deadline: for a layer whose callers type failures
   * themselves, naming their own operation.
   */
  race<T>(task: (signal: AbortSignal) => Promise<T>, timeoutError: () => Error): Promise<T> {
    return this.#settle(task, timeoutError, (error) => error);
  }

  #settle<T>(
    task: (signal: AbortSignal) => Promise<T>,
    timeoutError: () => Error,
    failure: (error: unknown) => unknown,
  ): Promise<T> {
    const slice = this.#current();
    return new Promise<T>((resolve, reject) => {
      // Only calls still pending at the deadline pay for an error object.
      const expire = () => reject(timeoutError());
      slice.pending.add(expire);
      const fail = (error: unknown) => {
        slice.pending.delete(expire);
        reject(failure(error));
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
      this.#slice = new Slice(now, this.#sliceMs, this.timeoutMs);
    }
    return this.#slice;
  }
}
