import { AIMessage, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { redisTest } from '@x/test-utils';
import { createClient } from 'redis';
import { describe, expect } from 'vitest';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';

const WRITERS = 50;
const BATCH = 4;

function batchOf(writer: number): BaseMessage[] {
  return Array.from({ length: BATCH }, (_, index) =>
    index % 2 === 0
      ? new HumanMessage(`w${writer}-m${index}`)
      : new AIMessage(`w${writer}-m${index}`),
  );
}

/** Every writer's messages are there exactly once, and each batch sits whole and in order. */
function expectEveryBatchWhole(messages: BaseMessage[]): void {
  const contents = messages.map((message) => String(message.content));
  expect(contents).toHaveLength(WRITERS * BATCH);
  expect(new Set(contents).size).toBe(WRITERS * BATCH);
  for (let writer = 0; writer < WRITERS; writer++) {
    const start = contents.indexOf(`w${writer}-m0`);
    expect(contents.slice(start, start + BATCH)).toEqual(
      batchOf(writer).map((message) => message.content),
    );
  }
}

describe('concurrent writers to one session', () => {
  redisTest(`${WRITERS} processes appending at once lose nothing`, async ({ redis }) => {
    const clients = await Promise.all(
      Array.from({ length: WRITERS }, () => createClient({ url: redis.url }).connect()),
    );
    try {
      const options = { sessionId: 'busy', prefix: redis.prefix, ttl: 60, maxMessages: 1_000 };
      const histories = clients.map(
        (client) => new RedisChatMessageHistory({ ...options, client }),
      );
      await Promise.all(histories.map((history, writer) => history.addMessages(batchOf(writer))));
      expectEveryBatchWhole(
        await new RedisChatMessageHistory({ ...options, client: redis.client }).getMessages(),
      );
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  redisTest(`${WRITERS} calls on one shared client lose nothing`, async ({ redis }) => {
    const history = new RedisChatMessageHistory({
      sessionId: 'busy',
      client: redis.client,
      prefix: redis.prefix,
      ttl: 60,
      maxMessages: 1_000,
    });
    // Reads interleaved with the writes must not slip into a transaction.
    const reads = Array.from({ length: WRITERS }, () => history.getLastMessages(2));
    await Promise.all([
      ...Array.from({ length: WRITERS }, (_, writer) => history.addMessages(batchOf(writer))),
      ...reads,
    ]);
    expectEveryBatchWhole(await history.getMessages());
  });
});
