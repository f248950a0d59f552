import { spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { RedisConnection } from './connection.js';
import { toRedisOperationError } from './redis-operation-error.js';

describe('toRedisOperationError on a server out of memory', () => {
  it('reports a refused write and a refused transaction as out-of-memory', async () => {
    const server = await spawnRedisServer({
      args: ['--maxmemory', '2mb', '--maxmemory-policy', 'noeviction'],
    });
    const connection = RedisConnection.from({ url: server.url });
    try {
      const value = 'x'.repeat(64 * 1024);
      let refused: unknown;
      for (let index = 0; index < 200 && refused === undefined; index++) {
        refused = await connection.send(['SET', `k${index}`, value]).then(
          () => undefined,
          (error: unknown) => error,
        );
      }
      expect(toRedisOperationError(refused, 'fill').reason).toBe('out-of-memory');

      const aborted = await connection
        .multi([
          ['RPUSH', 'list', value],
          ['EXPIRE', 'list', '60'],
        ])
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(String(aborted)).toMatch(/OOM/);
      expect(toRedisOperationError(aborted, 'append').reason).toBe('out-of-memory');
      // node-redis's own transactions surface the queued command's error too.
      const client = createClient({ url: server.url });
      await client.connect();
      const execAborted = await client
        .multi()
        .rPush('list', value)
        .expire('list', 60)
        .exec()
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      await client.close();
      expect(toRedisOperationError(execAborted, 'append').reason).toBe('out-of-memory');
      expect(await connection.send(['GET', 'k0'])).toBe(value);
    } finally {
      await connection.close();
      await server.stop();
    }
  });
});
