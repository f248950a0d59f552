import { ErrorReply, SocketClosedUnexpectedlyError } from 'redis';
import { describe, expect, it } from 'vitest';
import { InvalidKeyError } from './errors.js';
import {
  classifyRedisFailure,
  RedisOperationError,
  toRedisOperationError,
} from './redis-operation-error.js';

describe('classifyRedisFailure', () => {
  it.each([
    ['OOM command not allowed when used memory > maxmemory', 'out-of-memory'],
    [
      "EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.",
      'out-of-memory',
    ],
    ['EXECABORT Transaction discarded because of previous errors.', 'reply'],
    ["NOPERM User u has no permissions to run the 'flushall' command", 'no-permission'],
    ['WRONGTYPE Operation against a key holding the wrong kind of value', 'wrong-type'],
    ["READONLY You can't write against a read only replica.", 'read-only'],
    ['CLUSTERDOWN The cluster is down', 'cluster-down'],
    ['LOADING Redis is loading the dataset in memory', 'unavailable'],
    ['ERR unknown command', 'reply'],
    // What RediSearch 2.10 answers for an index that does not exist (FT.SEARCH, FT.INFO).
    ['No such index docs', 'missing-index'],
    ['Unknown index name', 'missing-index'],
    ['Unknown Index name', 'missing-index'],
    ['docs: no such index', 'missing-index'],
    ['Syntax error at offset 14 near genre', 'reply'],
  ])('reads the error reply %j as %s', (message, reason) => {
    expect(classifyRedisFailure(new ErrorReply(message))).toBe(reason);
  });

  it('classifies connection failures and keeps typed errors as they are', () => {
    expect(classifyRedisFailure(new SocketClosedUnexpectedlyError())).toBe('unavailable');
    expect(
      classifyRedisFailure(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })),
    ).toBe('unavailable');
    const typed = new RedisOperationError('timeout', 'lookup', 'slow');
    expect(toRedisOperationError(typed, 'other')).toBe(typed);
    expect(classifyRedisFailure(new InvalidKeyError('x'))).toBe('reply');
  });

  it('names the operation and keeps the cause', () => {
    const cause = new ErrorReply('OOM no room');
    const error = toRedisOperationError(cause, 'append to session "s"');
    expect(error.message).toBe('append to session "s" failed (out-of-memory): OOM no room');
    expect(error.cause).toBe(cause);
    expect(error.operation).toBe('append to session "s"');
  });
});
