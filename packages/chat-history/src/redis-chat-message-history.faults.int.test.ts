import { HumanMessage } from '@langchain/core/messages';
import { RedisOperationError } from '@x/redis-core';
import { freePort, spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { expectSameMessages } from '../test/test-messages.js';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';

const messages = (count: number, tag: string) =>
  Array.from({ length: count }, (_, index) => new HumanMessage(`${tag}${index}`));

describe('when Redis cannot do the operation', () => {
  it('throws unavailable once the server is gone, rather than dropping the write', async () => {
    const server = await spawnRedisServer();
    // Without the offline queue, node-redis refuses commands while it reconnects.
    const history = new RedisChatMessageHistory({
      sessionId: 's',
      url: server.url,
      ttl: 60,
      clientOptions: { disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } },
    });
    try {
      await history.addMessages(messages(2, 'm'));
      await server.kill();
      for (const attempt of [
        () => history.addMessages(messages(2, 'n')),
        () => history.getMessages(),
      ]) {
        const error = await attempt().catch((caught: unknown) => caught);
        expect(RedisOperationError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ reason: 'unavailable' });
      }
    } finally {
      await history.close();
      await server.stop();
    }
  });

  for (const [what, limits] of [
    ['a plain append', {}],
    ['an append with limits (MULTI)', { ttl: 60, maxMessages: 100_000 }],
  ] as const) {
    it(`throws out-of-memory for ${what} when the server is full, and keeps what it acknowledged`, async () => {
      const server = await spawnRedisServer({
        args: ['--maxmemory', '4mb', '--maxmemory-policy', 'noeviction'],
      });
      const client = createClient({ url: server.url });
      await client.connect();
      try {
        const history = new RedisChatMessageHistory({ sessionId: 's', client, ...limits });
        const acknowledged: HumanMessage[] = [];
        const big = 'x'.repeat(16 * 1024);
        let failure: unknown;
        for (let batch = 0; batch < 1_000 && failure === undefined; batch++) {
          const next = [new HumanMessage(`${batch}:${big}`)];
          await history.addMessages(next).then(
            () => acknowledged.push(...next),
            (error: unknown) => {
              failure = error;
            },
          );
        }
        expect(RedisOperationError.isInstance(failure)).toBe(true);
        expect(failure).toMatchObject({
          reason: 'out-of-memory',
          operation: 'append to session "s"',
        });
        expect(acknowledged.length).toBeGreaterThan(10);
        expectSameMessages(await history.getMessages(), acknowledged);
      } finally {
        await client.close();
        await server.stop();
      }
    });
  }

  it('keeps every acknowledged message across a crash when the server persists each write', async () => {
    const server = await spawnRedisServer({
      args: ['--appendonly', 'yes', '--appendfsync', 'always'],
    });
    const history = new RedisChatMessageHistory({ sessionId: 's', url: server.url, ttl: 600 });
    try {
      const written = [...messages(3, 'a'), ...messages(3, 'b')];
      await history.addMessages(written.slice(0, 3));
      await history.addMessages(written.slice(3));
      await server.kill();
      await server.restart();
      expectSameMessages(await history.getMessages(), written);
    } finally {
      await history.close();
      await server.stop();
    }
  });
});

describe('deadlines', () => {
  const TIMEOUT_MS = 300;
  // What a busy test machine may add to a timer on top of the deadline itself.
  const SLACK_MS = 250;

  it('throws unavailable within timeoutMs when the url cannot be reached', async () => {
    const history = new RedisChatMessageHistory({
      sessionId: 's',
      url: `redis://127.0.0.1:${await freePort()}`,
      timeoutMs: TIMEOUT_MS,
    });
    try {
      for (const call of [() => history.addUserMessage('hi'), () => history.getMessages()]) {
        const started = performance.now();
        const error = await call().catch((caught: unknown) => caught);
        expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
        expect(RedisOperationError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ reason: 'unavailable' });
        expect((error as RedisOperationError).operation).toMatch(/session "s"/);
      }
    } finally {
      await history.close();
    }
  });

  it('throws timeout within timeoutMs when the server hangs, for plain and MULTI writes', async () => {
    const server = await spawnRedisServer();
    const histories = [{}, { ttl: 60 }].map(
      (limits) =>
        new RedisChatMessageHistory({
          sessionId: 's',
          url: server.url,
          timeoutMs: TIMEOUT_MS,
          ...limits,
        }),
    );
    try {
      for (const history of histories) await history.addUserMessage('before');
      server.pause();
      for (const history of histories) {
        const started = performance.now();
        const error = await history.addUserMessage('during').catch((caught: unknown) => caught);
        expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
        expect(error).toMatchObject({ reason: 'timeout' });
        expect((error as Error).message).toMatch(/a write may still have been applied/);
      }
      server.resume();
      // The writes given up on were sent (on two connections): once the server answers, both
      // are there.
      const texts = async () =>
        (await histories[0]?.getMessages())?.map((message) => message.content);
      await expect.poll(texts, { timeout: 5000 }).toEqual(['before', 'before', 'during', 'during']);
    } finally {
      server.resume();
      for (const history of histories) await history.close();
      await server.stop();
    }
  });
});
