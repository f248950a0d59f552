import { RedisStoreError, type RedisStoreErrorOptions } from './errors.js';

/** Why a Redis operation failed, as far as a caller can act on it. */
export const FAILURE_REASON = {
  /** The server could not be reached or the connection dropped. */
  unavailable: 'unavailable',
  /** No reply came within the time allowed. */
  timeout: 'timeout',
  /** The server refused a write because it reached `maxmemory` (`OOM`). */
  outOfMemory: 'out-of-memory',
  /** The ACL user may not run the command or touch the key (`NOPERM`). */
  noPermission: 'no-permission',
  /** The server is a read-only replica (`READONLY`). */
  readOnly: 'read-only',
  /** A key holds another type than the one the command needs (`WRONGTYPE`). */
  wrongType: 'wrong-type',
  /** The cluster cannot serve the slot right now (`CLUSTERDOWN`, `TRYAGAIN`). */
  clusterDown: 'cluster-down',
  /**
   * The Query Engine index the command names does not exist: it was dropped, or the server
   * lost its data (a restart without persistence, a flush).
   */
  missingIndex: 'missing-index',
  /** Any other error reply of the server. */
  reply: 'reply',
} as const;

/** One of the {@link FAILURE_REASON} values. */
export type FailureReason = (typeof FAILURE_REASON)[keyof typeof FAILURE_REASON];

/** A Redis command failed; `reason` says how, `cause` holds node-redis's own error. */
export class RedisOperationError extends RedisStoreError {
  static override readonly code: string = 'REDIS_OPERATION';
  static override readonly errorName: string = 'RedisOperationError';
  /** How the operation failed. */
  readonly reason: FailureReason;
  /** What was being done, e.g. `RedisCache.lookup` or `append to session "s1"`. */
  readonly operation: string;

  constructor(
    reason: FailureReason,
    operation: string,
    message: string,
    options?: RedisStoreErrorOptions,
  ) {
    super(message, options);
    this.reason = reason;
    this.operation = operation;
  }
}

// node-redis error classes, named rather than imported so that any copy (v5 or v6) is recognised.
const UNAVAILABLE_ERRORS = new Set([
  'ClientClosedError',
  'ClientOfflineError',
  'ConnectionTimeoutError',
  'DisconnectsClientError',
  'SocketClosedUnexpectedlyError',
  'RootNodesUnavailableError',
  'ReconnectStrategyError',
]);
const TIMEOUT_ERRORS = new Set(['TimeoutError', 'SocketTimeoutError', 'AbortError']);
const SYSTEM_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
]);

// The first word of an error reply is its code in the Redis protocol.
const REPLY_CODES: Record<string, FailureReason> = {
  OOM: FAILURE_REASON.outOfMemory,
  NOPERM: FAILURE_REASON.noPermission,
  NOAUTH: FAILURE_REASON.noPermission,
  READONLY: FAILURE_REASON.readOnly,
  WRONGTYPE: FAILURE_REASON.wrongType,
  CLUSTERDOWN: FAILURE_REASON.clusterDown,
  TRYAGAIN: FAILURE_REASON.clusterDown,
  LOADING: FAILURE_REASON.unavailable,
  MASTERDOWN: FAILURE_REASON.unavailable,
  BUSY: FAILURE_REASON.unavailable,
};

// The Query Engine's replies for an index that does not exist carry no code, only words, which
// differ by command and version: "Unknown index name", "No such index docs", "docs: no such index".
const MISSING_INDEX_REPLY =
  /^(?:unknown index name|no such index\b|index not found)|: no such index$/i;

function isErrorReply(error: Error): boolean {
  for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === 'ErrorReply') return true;
  }
  return false;
}

/** Classifies any error a node-redis call can reject with. */
export function classifyRedisFailure(error: unknown): FailureReason {
  if (!(error instanceof Error)) return FAILURE_REASON.reply;
  if (RedisOperationError.isInstance(error)) return error.reason;
  if (UNAVAILABLE_ERRORS.has(error.name) || UNAVAILABLE_ERRORS.has(error.constructor.name)) {
    return FAILURE_REASON.unavailable;
  }
  if (TIMEOUT_ERRORS.has(error.name) || TIMEOUT_ERRORS.has(error.constructor.name)) {
    return FAILURE_REASON.timeout;
  }
  const systemCode = (error as { code?: unknown }).code;
  if (typeof systemCode === 'string' && SYSTEM_UNAVAILABLE_CODES.has(systemCode)) {
    return FAILURE_REASON.unavailable;
  }
  if (isErrorReply(error)) {
    let replyCode = error.message.split(' ', 1)[0] ?? '';
    // A transaction refused as a whole names the error that refused it, in the protocol's words:
    // "EXECABORT Transaction discarded because of: OOM command not allowed ..." (Redis 7+).
    if (replyCode === 'EXECABORT') {
      replyCode = /because of: (\S+)/.exec(error.message)?.[1] ?? replyCode;
    }
    if (MISSING_INDEX_REPLY.test(error.message)) return FAILURE_REASON.missingIndex;
    return REPLY_CODES[replyCode] ?? FAILURE_REASON.reply;
  }
  return FAILURE_REASON.reply;
}

/**
 * Turns whatever a node-redis call rejected with into a {@link RedisOperationError} that says
 * what failed and why. The one place where Redis errors are interpreted.
 */
export function toRedisOperationError(error: unknown, operation: string): RedisOperationError {
  if (RedisOperationError.isInstance(error)) return error;
  const reason = classifyRedisFailure(error);
  const detail = error instanceof Error ? error.message : String(error);
  return new RedisOperationError(reason, operation, `${operation} failed (${reason}): ${detail}`, {
    cause: error,
  });
}
