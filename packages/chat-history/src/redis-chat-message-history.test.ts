import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { InvalidArgumentError, InvalidKeyError, SerializationError } from '@x/redis-core';
import { describe, expect, it } from 'vitest';
import type { RedisChatMessageHistoryOptions } from './chat-history-options.js';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';

// Nothing listens there: a test that reached Redis would fail with a connection error instead.
const url = 'redis://127.0.0.1:1';

function create(options: Partial<RedisChatMessageHistoryOptions>) {
  return new RedisChatMessageHistory({ sessionId: 's', url, ...options } as never);
}

describe('RedisChatMessageHistory options', () => {
  it('keys a session under the prefix, in a hash tag', () => {
    expect(create({}).key).toBe('chat:session:{s}');
    expect(create({ prefix: 'app:v2', sessionId: 'a b:{c}' }).key).toBe(
      'app:v2:session:{a%20b%3A%7Bc%7D}',
    );
  });

  it('refuses an empty or missing session id', () => {
    expect(() => create({ sessionId: '' })).toThrow(InvalidKeyError);
    expect(() => create({ sessionId: '' })).toThrow(/`sessionId` must not be empty/);
    expect(() => create({ sessionId: undefined })).toThrow(InvalidKeyError);
  });

  it('refuses a prefix that could reach other keys', () => {
    for (const prefix of ['', 'a*', 'a b', '{a}', 'a::b', ':a']) {
      expect(() => create({ prefix }), prefix).toThrow(InvalidKeyError);
    }
  });

  it('needs exactly one of client and url', () => {
    expect(() => new RedisChatMessageHistory({ sessionId: 's' } as never)).toThrow(
      InvalidArgumentError,
    );
    expect(() => create({ client: {} as never })).toThrow(InvalidArgumentError);
    expect(() => new RedisChatMessageHistory(undefined as never)).toThrow(InvalidArgumentError);
  });

  it('refuses limits that mean nothing', () => {
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '60', 1e300]) {
      expect(() => create({ ttl: ttl as number }), String(ttl)).toThrow(/`ttl` must be/);
    }
    for (const maxMessages of [0, -3, 1.5, Number.NaN, '10']) {
      expect(() => create({ maxMessages: maxMessages as number }), String(maxMessages)).toThrow(
        /`maxMessages` must be/,
      );
    }
    expect(() => create({ refreshTtlOnRead: true })).toThrow(/`refreshTtlOnRead` needs `ttl`/);
    expect(() => create({ ttl: 1, refreshTtlOnRead: 'yes' as never })).toThrow(
      InvalidArgumentError,
    );
    expect(() => create({ ttl: 0.0001, maxMessages: 1, refreshTtlOnRead: true })).not.toThrow();
  });
});

describe('RedisChatMessageHistory input checks, before anything is sent', () => {
  it('refuses a count that is not a whole number', async () => {
    const history = create({});
    for (const count of [-1, 1.5, Number.NaN]) {
      await expect(history.getLastMessages(count)).rejects.toThrow(InvalidArgumentError);
    }
    expect(await history.getLastMessages(0)).toEqual([]);
  });

  it('refuses what is not a message', async () => {
    const history = create({});
    await expect(
      history.addMessages([new HumanMessage('ok'), { role: 'user', content: 'x' } as never]),
    ).rejects.toThrow(/messages\[1\] is not a LangChain message/);
    await expect(history.addMessages('hi' as never)).rejects.toThrow(InvalidArgumentError);
  });

  it('refuses a message JSON cannot express', async () => {
    const history = create({});
    const message = new AIMessage({ content: 'x', additional_kwargs: { tokens: 1n } });
    await expect(history.addMessages([new HumanMessage('ok'), message])).rejects.toThrow(
      SerializationError,
    );
  });

  it('sends nothing for an empty batch', async () => {
    await expect(create({}).addMessages([])).resolves.toBeUndefined();
  });
});
