import { createHash, hash as oneShotHash } from 'node:crypto';
import { InvalidArgumentError } from './errors.js';

function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * A time to live in seconds (fractions allowed), checked, or `undefined` when not given.
 *
 * @throws {InvalidArgumentError} naming `option`, for anything but a positive finite number.
 */
export function checkTtlSeconds(ttl: unknown, option = 'ttl'): number | undefined {
  if (ttl === undefined) return undefined;
  // Redis takes expiry in whole milliseconds, up to the largest safe integer.
  if (!isPositiveNumber(ttl) || !Number.isSafeInteger(Math.ceil(ttl * 1000))) {
    throw new InvalidArgumentError(
      `\`${option}\` must be a positive number of seconds, got ${String(ttl)}; leave it out for no expiry`,
    );
  }
  return ttl;
}

/**
 * A time to live in seconds as the whole milliseconds Redis counts expiry in (at least 1:
 * `PX 0` is an error), or `undefined` when not given.
 *
 * @throws {InvalidArgumentError} as {@link checkTtlSeconds}.
 */
export function ttlMilliseconds(ttl: unknown, option = 'ttl'): number | undefined {
  const seconds = checkTtlSeconds(ttl, option);
  return seconds === undefined ? undefined : Math.max(1, Math.round(seconds * 1000));
}

/**
 * A `timeoutMs`, checked, or `undefined` when not given.
 *
 * @throws {InvalidArgumentError} for anything but a positive finite number.
 */
export function checkTimeoutMs(timeoutMs: unknown, option = 'timeoutMs'): number | undefined {
  if (timeoutMs === undefined) return undefined;
  if (!isPositiveNumber(timeoutMs)) {
    throw new InvalidArgumentError(
      `\`${option}\` must be a positive number of milliseconds, got ${String(timeoutMs)}`,
    );
  }
  return timeoutMs;
}

/**
 * @throws {TypeError} naming `owner` and `name` when `value` is not a string (LangChain passes
 *   prompts and model settings as strings; anything else is a caller's bug).
 */
export function requireString(
  value: unknown,
  name: string,
  owner: string,
): asserts value is string {
  if (typeof value !== 'string') {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new TypeError(`${owner}: \`${name}\` must be a string, got ${kind}`);
  }
}

// crypto.hash (Node 20.12+) is several times faster than a Hash object for short inputs.
const sha256Hex: (data: string | Buffer) => string =
  typeof oneShotHash === 'function'
    ? (data) => oneShotHash('sha256', data, 'hex')
    : (data) => createHash('sha256').update(data).digest('hex');

const UTF16_TAG = Buffer.from('utf16le:');

/**
 * SHA-256 of a string, in lowercase hex. Well-formed text is hashed as UTF-8; text with a lone
 * surrogate (which UTF-8 cannot hold, so Node would turn every one into U+FFFD and make
 * different texts collide) is hashed as its UTF-16 code units. The leading tag keeps the two
 * apart.
 */
export function hashText(text: string): string {
  if (!text.isWellFormed()) {
    return sha256Hex(Buffer.concat([UTF16_TAG, Buffer.from(text, 'utf16le')]));
  }
  return sha256Hex(`utf8:${text}`);
}
