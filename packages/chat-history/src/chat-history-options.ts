import { type ConnectionOptions, InvalidArgumentError } from '@x/redis-core';
import { ttlMilliseconds as ttlMillisecondsOf } from '@x/redis-core/internal';

/** The prefix every key of this package starts with unless told otherwise. */
export const DEFAULT_PREFIX = 'chat';

/** Options of {@link RedisChatMessageHistory}: a session, where to reach Redis, and limits. */
export type RedisChatMessageHistoryOptions = ConnectionOptions & {
  /**
   * The conversation this history reads and writes. Any non-empty string: it is encoded into
   * the key, so separators, braces, wildcards, spaces or any Unicode never reach another
   * session's key or leave the prefix.
   */
  sessionId: string;
  /**
   * The start of every key: a session's messages live in the list
   * `<prefix>:session:{<encoded sessionId>}`. Letters, digits, `_`, `.`, `-`, in segments
   * separated by single `:`.
   * @default 'chat'
   */
  prefix?: string;
  /**
   * Seconds of inactivity after which the session expires (fractions allowed, kept to the
   * millisecond). Sliding: every write sets the full time again. Unset: sessions never expire.
   */
  ttl?: number;
  /**
   * Whether reads (`getMessages`, `getLastMessages`) set the full `ttl` again too, so that a
   * session someone keeps reading stays alive. Needs `ttl`.
   * @default false
   */
  refreshTtlOnRead?: boolean;
  /**
   * How many of the newest messages a session keeps: each write drops older ones beyond this
   * count, in the same transaction. Unset: every message is kept.
   */
  maxMessages?: number;
};

/** The validated limits of a history. */
export interface HistoryLimits {
  ttlMilliseconds: number | undefined;
  maxMessages: number | undefined;
  refreshTtlOnRead: boolean;
}

/**
 * Checks `ttl`, `refreshTtlOnRead` and `maxMessages`.
 *
 * @throws {InvalidArgumentError} naming the option and what it accepts.
 */
export function resolveLimits(options: RedisChatMessageHistoryOptions): HistoryLimits {
  const { ttl, maxMessages, refreshTtlOnRead = false } = options;
  const ttlMilliseconds = ttlMillisecondsOf(ttl);
  if (maxMessages !== undefined && (!Number.isSafeInteger(maxMessages) || maxMessages < 1)) {
    throw new InvalidArgumentError(
      `\`maxMessages\` must be a whole number of at least 1, got ${String(maxMessages)}`,
    );
  }
  if (typeof refreshTtlOnRead !== 'boolean') {
    throw new InvalidArgumentError('`refreshTtlOnRead` must be true or false');
  }
  if (refreshTtlOnRead && ttl === undefined) {
    throw new InvalidArgumentError('`refreshTtlOnRead` needs `ttl`: without it nothing expires');
  }
  return {
    ttlMilliseconds,
    maxMessages,
    refreshTtlOnRead,
  };
}
