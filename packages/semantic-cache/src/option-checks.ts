import { InvalidArgumentError } from '@x/redis-core';

function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * A `ttl` in seconds as whole milliseconds (Redis counts expiry in them, and 0 is an error),
 * or `undefined` for no expiry.
 *
 * @throws {InvalidArgumentError} for anything but a positive number or `undefined`.
 */
export function checkTtl(ttl: unknown): number | undefined {
  if (ttl === undefined) return undefined;
  if (!isPositiveNumber(ttl)) {
    throw new InvalidArgumentError(
      `\`ttl\` must be a positive number of seconds, got ${String(ttl)}; leave it out for entries that never expire`,
    );
  }
  return Math.max(1, Math.round(ttl * 1000));
}

/** @throws {InvalidArgumentError} for anything but a positive number or `undefined`. */
export function checkTimeout(timeoutMs: unknown): number | undefined {
  if (timeoutMs === undefined) return undefined;
  if (!isPositiveNumber(timeoutMs)) {
    throw new InvalidArgumentError(
      `\`timeoutMs\` must be a positive number of milliseconds, got ${String(timeoutMs)}`,
    );
  }
  return timeoutMs;
}

/** The message of a semantic operation's timeout: most of it is the embedding call, which cannot be stopped. */
export function timedOut(operation: string, ms: number): string {
  return `${operation} did not finish within ${ms} ms; it was given up`;
}
