import { freePort, redisTest, spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { RedisConnection } from './connection.js';
import { InvalidArgumentError } from './errors.js';
import { RedisOperationError, toRedisOperationError } from './redis-operation-error.js';
import { replyToRecord } from './reply.js';
import { scanKeys, unlinkKeys } from './scan.js';

describe('RedisConnection.from', () => {
  it('refuses both client and url, and neither', () => {
    const client = createClient();
    expect(() =>
      RedisConnection.from({ client, url: 'redis://x' } as unknown as { url: string }),
    ).toThrow(InvalidArgumentError);
    expect(() => RedisConnection.from({} as { url: string })).toThrow(/pass `client`/);
    expect(() => RedisConnection.from({ client: {} as never })).toThrow(/node-redis client/);
  });
});

describe('RedisConnection', () => {
  redisTest('connects an owned client on first use and closes it', async ({ redis }) => {
    const connection = RedisConnection.from({ url: redis.url });
    expect(connection.owned).toBe(true);
    expect(connection.client.isOpen).toBe(false);
    expect(await connection.send(['PING'])).toBe('PONG');
    expect(connection.client.isOpen).toBe(true);
    await connection.close();
    expect(connection.client.isOpen).toBe(false);
    await expect(connection.send(['PING'])).rejects.toThrow(/closed/);
  });

  redisTest('closes an owned client with await using', async ({ redis }) => {
    let client: RedisConnection['client'] | undefined;
    {
      await using connection = RedisConnection.from({ url: redis.url });
      await connection.send(['PING']);
      client = connection.client;
    }
    expect(client?.isOpen).toBe(false);
  });

  redisTest('never closes a client it was given', async ({ redis }) => {
    const connection = RedisConnection.from({ client: redis.client });
    expect(connection.owned).toBe(false);
    await connection.close();
    expect(await redis.client.ping()).toBe('PONG');
  });

  redisTest('returns buffers on request, and works with RESP3 clients', async ({ redis }) => {
    const client = createClient({ url: redis.url, RESP: 3 });
    await client.connect();
    try {
      const connection = RedisConnection.from({ client });
      const key = `${redis.prefix}:h`;
      await connection.send(['HSET', key, 'a', '1', 'b', Buffer.from([0xff, 0x00])]);
      const record = replyToRecord(await connection.send(['HGETALL', key], { buffers: true }));
      expect(record.b).toEqual(Buffer.from([0xff, 0x00]));
      expect(String(record.a)).toBe('1');
    } finally {
      await client.close();
    }
  });

  redisTest('reports a failed connect as a typed unavailable error', async () => {
    const connection = RedisConnection.from({
      url: 'redis://127.0.0.1:1',
      clientOptions: { socket: { reconnectStrategy: false } },
    });
    const error = await connection.send(['PING']).catch((caught: unknown) => caught);
    expect(RedisOperationError.isInstance(error)).toBe(true);
    expect((error as RedisOperationError).reason).toBe('unavailable');
    await connection.close();
  });

  it('closes at once while its client retries a server that is down', async () => {
    const connection = RedisConnection.from({ url: `redis://127.0.0.1:${await freePort()}` });
    const pending = connection.send(['PING']).catch((caught: unknown) => caught);
    await new Promise((wait) => setTimeout(wait, 200));
    const started = Date.now();
    await connection.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  redisTest('classifies a server error reply by its code', async ({ redis }) => {
    const connection = RedisConnection.from({ client: redis.client });
    const key = `${redis.prefix}:s`;
    await connection.send(['SET', key, 'x']);
    const error = await connection.send(['LPUSH', key, 'y']).catch((caught: unknown) => caught);
    const { toRedisOperationError } = await import('./redis-operation-error.js');
    expect(toRedisOperationError(error, 'push').reason).toBe('wrong-type');
  });
});

describe('scanKeys and unlinkKeys', () => {
  redisTest('remove every key under a pattern and nothing else', async ({ redis }) => {
    const connection = RedisConnection.from({ client: redis.client });
    const mine = `${redis.prefix}:a`;
    const neighbour = `${redis.prefix}x:a`;
    const writes: Promise<unknown>[] = [];
    for (let index = 0; index < 2500; index++) {
      writes.push(redis.client.set(`${mine}:${index}`, '1'));
      if (index < 10) writes.push(redis.client.set(`${neighbour}:${index}`, '1'));
    }
    await Promise.all(writes);
    let seen = 0;
    for await (const keys of scanKeys(connection, `${mine}:*`)) seen += keys.length;
    expect(seen).toBe(2500);
    expect(await unlinkKeys(connection, `${mine}:*`)).toBe(2500);
    expect(await redis.client.exists(`${mine}:0`)).toBe(0);
    let left = 0;
    for await (const keys of scanKeys(connection, `${neighbour}:*`)) left += keys.length;
    expect(left).toBe(10);
  });
});

describe('RedisConnection.multi and mapsAsArrays', () => {
  redisTest(
    'runs commands as one transaction and rejects with the failing reply',
    async ({ redis }) => {
      const connection = RedisConnection.from({ client: redis.client });
      const key = `${redis.prefix}:m`;
      expect(
        await connection.multi([
          ['SET', key, '1'],
          ['INCR', key],
          ['GET', key],
        ]),
      ).toEqual(['OK', 2, '2']);
      const error = await connection
        .multi([
          ['SET', key, 'x'],
          ['INCR', key],
        ])
        .catch((caught: unknown) => caught);
      const { toRedisOperationError } = await import('./redis-operation-error.js');
      expect(toRedisOperationError(error, 'incr').message).toMatch(/not an integer/);
      // As in Redis, the other commands of the transaction ran.
      expect(await redis.client.get(key)).toBe('x');
    },
  );

  redisTest(
    'reads RESP3 maps as flat arrays in server order, keeping every key',
    async ({ redis }) => {
      const connection = RedisConnection.from({ client: redis.client });
      const key = `${redis.prefix}:h`;
      await connection.send(['HSET', key, '__proto__', 'a', '2', 'b', '1', 'c']);
      const reply = await connection.send<unknown[]>(['HGETALL', key], { mapsAsArrays: true });
      expect(reply).toEqual(['__proto__', 'a', '2', 'b', '1', 'c']);
    },
  );
});

describe('RedisConnection deadlines', () => {
  const TIMEOUT_MS = 300;
  // What a busy test machine may add to a timer on top of the deadline itself.
  const SLACK_MS = 250;

  /** How long `call` took to reject, and the error it rejected with, typed as callers type it. */
  async function failure(call: () => Promise<unknown>) {
    const started = performance.now();
    const error = await call().then(
      () => undefined,
      (caught: unknown) => toRedisOperationError(caught, 'the operation'),
    );
    return { error, ms: performance.now() - started };
  }

  it('rejects within timeoutMs, as unavailable, when a url cannot be reached', async () => {
    const port = await freePort();
    const connection = RedisConnection.from({
      url: `redis://127.0.0.1:${port}`,
      timeoutMs: TIMEOUT_MS,
    });
    try {
      for (const call of [
        () => connection.send(['SET', 'k', 'v']),
        () => connection.multi([['SET', 'k', 'v']]),
      ]) {
        const { error, ms } = await failure(call);
        expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
        expect(error).toMatchObject({ reason: 'unavailable', operation: 'the operation' });
      }
    } finally {
      await connection.close();
    }
  });

  it('rejects within timeoutMs, as timeout saying a write may have landed, when the server hangs', async () => {
    const server = await spawnRedisServer();
    const connection = RedisConnection.from({ url: server.url, timeoutMs: TIMEOUT_MS });
    try {
      expect(await connection.send(['PING'])).toBe('PONG');
      server.pause();
      for (const call of [
        () => connection.send(['SET', 'k', 'v']),
        () => connection.multi([['SET', 'k', 'v']]),
      ]) {
        const { error, ms } = await failure(call);
        expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
        expect(error).toMatchObject({ reason: 'timeout', operation: 'the operation' });
        expect(error?.message).toMatch(/a write may still have been applied/);
      }
      server.resume();
      expect(await connection.send(['GET', 'k'])).toBe('v');
    } finally {
      server.resume();
      await connection.close();
      await server.stop();
    }
  });

  it('refuses a timeoutMs that is not a positive number', () => {
    for (const timeoutMs of [
      0,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '5' as unknown as number,
    ]) {
      expect(() => RedisConnection.from({ url: 'redis://localhost', timeoutMs })).toThrow(
        InvalidArgumentError,
      );
    }
  });
});

describe('RedisConnection.from({ connection })', () => {
  redisTest(
    'shares the connection’s client, connects it on first use, never closes it',
    async ({ redis }) => {
      const owner = RedisConnection.from({ url: redis.url });
      const view = RedisConnection.from({ connection: owner });
      try {
        expect(view.client).toBe(owner.client);
        expect(view.owned).toBe(false);
        expect(view.timeoutMs).toBe(owner.timeoutMs);
        // The owner's client is not connected yet: the view's first command connects it.
        expect(await view.send(['PING'])).toBe('PONG');
        await view.close();
        expect(owner.client.isOpen).toBe(true);
        expect(await owner.send(['PING'])).toBe('PONG');
        expect(RedisConnection.from({ connection: owner, timeoutMs: 50 }).timeoutMs).toBe(50);
        expect(() =>
          RedisConnection.from({ connection: owner, url: redis.url } as unknown as {
            connection: RedisConnection;
          }),
        ).toThrow(InvalidArgumentError);
        expect(() => RedisConnection.from({ connection: {} as RedisConnection })).toThrow(
          /must be a RedisConnection/,
        );
      } finally {
        await owner.close();
      }
    },
  );
});
