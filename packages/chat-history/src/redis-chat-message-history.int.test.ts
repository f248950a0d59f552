import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { RedisOperationError } from '@x/redis-core';
import { serializeMessage } from '@x/redis-core/internal';
import { redisTest } from '@x/test-utils';
import { createClient } from 'redis';
import { describe, expect } from 'vitest';
import { everyKindOfMessage, expectSameMessages } from '../test/test-messages.js';
import { CorruptMessageError } from './corrupt-message-error.js';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';

describe('RedisChatMessageHistory', () => {
  redisTest('keeps the seed conversation, oldest first', async ({ redis }) => {
    const history = new RedisChatMessageHistory({
      sessionId: 'foo',
      client: redis.client,
      prefix: redis.prefix,
    });
    await history.addUserMessage('hi!');
    await history.addAIMessage('whats up?');
    expectSameMessages(await history.getMessages(), [
      new HumanMessage('hi!'),
      new AIMessage('whats up?'),
    ]);
    // The list holds LangChain's StoredMessage JSON, one entry per message, readable by anyone.
    expect(await redis.client.lRange(history.key, 0, -1)).toEqual([
      serializeMessage(new HumanMessage('hi!')),
      serializeMessage(new AIMessage('whats up?')),
    ]);
  });

  for (const RESP of [2, 3] as const) {
    redisTest(`gives back every kind of message deep-equal (RESP${RESP})`, async ({ redis }) => {
      const client = createClient({ url: redis.url, RESP });
      await client.connect();
      try {
        const history = new RedisChatMessageHistory({
          sessionId: 'all',
          client,
          prefix: redis.prefix,
          ttl: 60,
          maxMessages: 100,
        });
        const messages = everyKindOfMessage();
        await history.addMessages(messages);
        expectSameMessages(await history.getMessages(), messages);
        expectSameMessages(await history.getLastMessages(3), messages.slice(-3));
      } finally {
        await client.close();
      }
    });
  }

  redisTest('reads the last messages of a session', async ({ redis }) => {
    const history = new RedisChatMessageHistory({
      sessionId: 'tail',
      client: redis.client,
      prefix: redis.prefix,
    });
    const messages = Array.from({ length: 10 }, (_, index) => new HumanMessage(`m${index}`));
    await history.addMessages(messages);
    expectSameMessages(await history.getLastMessages(3), messages.slice(7));
    expectSameMessages(await history.getLastMessages(50), messages);
    expect(await history.getLastMessages(0)).toEqual([]);
  });

  redisTest('throws a typed error naming a damaged entry, and leaves it be', async ({ redis }) => {
    const history = new RedisChatMessageHistory({
      sessionId: 'damaged',
      client: redis.client,
      prefix: redis.prefix,
      ttl: 60,
      refreshTtlOnRead: true,
    });
    await history.addMessages([new HumanMessage('a'), new AIMessage('b')]);
    await redis.client.rPush(history.key, [
      '{"not":"ours"}',
      serializeMessage(new HumanMessage('c')),
    ]);
    const before = await redis.client.lRange(history.key, 0, -1);

    const error = await history.getMessages().catch((caught: unknown) => caught);
    expect(CorruptMessageError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ sessionId: 'damaged', position: 2, key: history.key });
    expect(String((error as Error).message)).toMatch(/session "damaged".*position 2/);
    await expect(history.getLastMessages(2)).rejects.toMatchObject({ position: -2 });
    expectSameMessages(await history.getLastMessages(1), [new HumanMessage('c')]);
    expect(await redis.client.lRange(history.key, 0, -1)).toEqual(before);
  });

  redisTest('fails closed when the key holds another type', async ({ redis }) => {
    const history = new RedisChatMessageHistory({
      sessionId: 'typed',
      client: redis.client,
      prefix: redis.prefix,
      ttl: 60,
      maxMessages: 5,
    });
    await redis.client.set(history.key, 'a string someone else wrote');
    for (const attempt of [
      () => history.addMessages([new HumanMessage('x'), new AIMessage('y')]),
      () => history.addMessage(new HumanMessage('x')),
      () => history.getMessages(),
    ]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(RedisOperationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ reason: 'wrong-type' });
      expect((error as RedisOperationError).operation).toMatch(/session "typed"/);
    }
    expect(await redis.client.get(history.key)).toBe('a string someone else wrote');
  });

  redisTest('keeps every session id to its own key under the prefix', async ({ redis }) => {
    const ids = [
      'a',
      'a*',
      '*',
      '?',
      '[a]',
      '{a}',
      'a}{b',
      'a:b',
      'session:a',
      'a b',
      ' ',
      '%41',
      'A',
      '..',
      '../x',
      'a\nb',
      'ünï',
      '会话',
      '👋🏽',
      'a\\b',
    ];
    const histories = ids.map(
      (sessionId) =>
        new RedisChatMessageHistory({ sessionId, client: redis.client, prefix: redis.prefix }),
    );
    await Promise.all(
      histories.map((history) => history.addUserMessage(`for ${history.sessionId}`)),
    );
    const outside = `${redis.prefix}x:session:{a}`;
    await redis.client.set(outside, 'outside the prefix');

    for (const history of histories) {
      expectSameMessages(await history.getMessages(), [
        new HumanMessage(`for ${history.sessionId}`),
      ]);
    }
    const keys = await redis.client.keys(`${redis.prefix}:*`);
    expect(new Set(keys)).toEqual(new Set(histories.map((history) => history.key)));
    expect(keys).toHaveLength(ids.length);

    // Clearing the ids that look like patterns or tags removes their own session only.
    const patterned = histories.filter((history) => /[*?[{]/.test(history.sessionId));
    for (const history of patterned) await history.clear();
    const left = histories.filter((history) => !patterned.includes(history));
    expect(new Set(await redis.client.keys(`${redis.prefix}:*`))).toEqual(
      new Set(left.map((history) => history.key)),
    );
    expect(await redis.client.get(outside)).toBe('outside the prefix');
  });

  redisTest('closes the client it created from a url, and only that one', async ({ redis }) => {
    let owned: RedisChatMessageHistory | undefined;
    {
      await using history = new RedisChatMessageHistory({
        sessionId: 'own',
        url: redis.url,
        prefix: redis.prefix,
      });
      await history.addUserMessage('hi');
      owned = history;
    }
    await expect(owned.getMessages()).rejects.toThrow(/closed/);
    const borrowed = new RedisChatMessageHistory({
      sessionId: 'own',
      client: redis.client,
      prefix: redis.prefix,
    });
    await borrowed.close();
    expect(await redis.client.lRange(borrowed.key, 0, -1)).toHaveLength(1);
    await expect(borrowed.getMessages()).rejects.toThrow(/closed/);
  });
});
