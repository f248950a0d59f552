import { RedisOperationError, RedisStoreError } from '@x/redis-core';

/** A request the demo refuses, with the HTTP status and the message the page shows. */
export class DemoError extends Error {
  override readonly name = 'DemoError';
  /** The HTTP status. */
  readonly status: number;
  /** A short code the page can act on, e.g. `empty-message`. */
  readonly code: string;

  constructor(status: number, code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = code;
  }
}

/** Turns any error into the status and message the API answers with. */
export function toDemoError(error: unknown): DemoError {
  if (error instanceof DemoError) return error;
  if (RedisOperationError.isInstance(error)) {
    if (error.reason === 'unavailable' || error.reason === 'timeout') {
      return new DemoError(
        503,
        'redis-unavailable',
        `Redis is not reachable (${error.reason}), so nothing was saved. The demo carries on by itself once Redis is back; then send the message again.`,
        { cause: error },
      );
    }
    return new DemoError(502, 'redis-error', `Redis refused: ${error.message}`, { cause: error });
  }
  if (RedisStoreError.isInstance(error)) {
    return new DemoError(500, 'store-error', error.message, { cause: error });
  }
  return new DemoError(500, 'internal', 'Something went wrong on the server; see its console.', {
    cause: error,
  });
}
