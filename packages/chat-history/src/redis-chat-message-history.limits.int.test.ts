import { setTimeout as sleep } from 'node:timers/promises';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { parseInfo } from '@x/redis-core/internal';
import { redisTest, spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { expectSameMessages } from '../test/test-messages.js';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';

const turn = (index: number) => [new HumanMessage(`q${index}`), new AIMessage(`a${index}`)];

describe('maxMessages', () => {
  redisTest('keeps the newest messages, in order, batch by batch', async ({ redis }) => {
    const history = new RedisChatMessageHistory({
      sessionId: 's',
      client: redis.client,
      prefix: redis.prefix,
      maxMessages: 3,
    });
    await history.addMessages(turn(1));
    expectSameMessages(await history.getMessages(), turn(1));
    await history.addMessages(turn(2));
    expectSameMessages(await history.getMessages(), [...turn(1).slice(1), ...turn(2)]);
    await history.addMessages([...turn(3), ...turn(4)]);
    expectSameMessages(await history.getMessages(), [...turn(3).slice(1), ...turn(4)]);
    await history.addMessage(new HumanMessage('last'));
    expectSameMessages(await history.getMessages(), [...turn(4), new HumanMessage('last')]);
  });
});

describe('ttl', () => {
  redisTest('leaves a session without ttl for ever', async ({ redis }) => {
    const history = new RedisChatMessageHistory({
      sessionId: 's',
      client: redis.client,
      prefix: redis.prefix,
    });
    await history.addMessages(turn(1));
    expect(await redis.client.pTTL(history.key)).toBe(-1);
  });

  redisTest('sets the full ttl again on every write', async ({ redis }) => {
    const history = new RedisChatMessageHistory({
      sessionId: 's',
      client: redis.client,
      prefix: redis.prefix,
      ttl: 60,
    });
    await history.addMessages(turn(1));
    const first = await redis.client.pTTL(history.key);
    expect(first).toBeGreaterThan(59_000);
    expect(first).toBeLessThanOrEqual(60_000);
    // Shorten it behind the history's back: the next write must restore the full ttl.
    await redis.client.pExpire(history.key, 5_000);
    await history.addMessage(new HumanMessage('again'));
    expect(await redis.client.pTTL(history.key)).toBeGreaterThan(59_000);
  });

  redisTest('leaves the ttl alone on reads unless asked to refresh it', async ({ redis }) => {
    const options = { sessionId: 's', client: redis.client, prefix: redis.prefix, ttl: 60 };
    const history = new RedisChatMessageHistory(options);
    await history.addMessages(turn(1));
    await redis.client.pExpire(history.key, 5_000);
    await history.getMessages();
    await history.getLastMessages(1);
    expect(await redis.client.pTTL(history.key)).toBeLessThanOrEqual(5_000);

    const refreshing = new RedisChatMessageHistory({ ...options, refreshTtlOnRead: true });
    expectSameMessages(await refreshing.getMessages(), turn(1));
    expect(await redis.client.pTTL(history.key)).toBeGreaterThan(59_000);
    await redis.client.pExpire(history.key, 5_000);
    await refreshing.getLastMessages(1);
    expect(await redis.client.pTTL(history.key)).toBeGreaterThan(59_000);
  });

  redisTest('forgets an idle session once the ttl has passed', async ({ redis }) => {
    const history = new RedisChatMessageHistory({
      sessionId: 's',
      client: redis.client,
      prefix: redis.prefix,
      ttl: 0.4,
    });
    await history.addMessages(turn(1));
    await sleep(250);
    // A write within the ttl keeps the whole session alive for another full ttl.
    await history.addMessages(turn(2));
    await sleep(250);
    expectSameMessages(await history.getMessages(), [...turn(1), ...turn(2)]);
    const deadline = Date.now() + 3_000;
    while ((await history.getMessages()).length > 0 && Date.now() < deadline) await sleep(25);
    expect(await history.getMessages()).toEqual([]);
    expect(await redis.client.exists(history.key)).toBe(0);
  });
});

describe('round trips', () => {
  it('writes a batch with one transaction and reads with one command', async () => {
    // A private server, so that its command counters see only this test.
    const server = await spawnRedisServer();
    const client = createClient({ url: server.url });
    await client.connect();
    try {
      const counts = async () => {
        const stats = parseInfo(await client.info('commandstats'));
        const calls = (name: string) =>
          Number(/calls=(\d+)/.exec(stats[`cmdstat_${name}`] ?? '')?.[1] ?? 0);
        return Object.fromEntries(
          ['multi', 'exec', 'rpush', 'ltrim', 'pexpire', 'lrange'].map((name) => [
            name,
            calls(name),
          ]),
        );
      };
      const limited = new RedisChatMessageHistory({
        sessionId: 's',
        client,
        ttl: 60,
        maxMessages: 50,
      });
      const plain = new RedisChatMessageHistory({ sessionId: 'p', client });
      const messages = Array.from({ length: 10 }, (_, index) => new HumanMessage(`m${index}`));

      await client.configResetStat();
      await limited.addMessages(messages);
      expect(await counts()).toMatchObject({ multi: 1, exec: 1, rpush: 1, ltrim: 1, pexpire: 1 });

      await client.configResetStat();
      await plain.addMessages(messages);
      await plain.getMessages();
      // Without limits a single RPUSH is atomic on its own.
      expect(await counts()).toEqual({
        multi: 0,
        exec: 0,
        rpush: 1,
        ltrim: 0,
        pexpire: 0,
        lrange: 1,
      });
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
