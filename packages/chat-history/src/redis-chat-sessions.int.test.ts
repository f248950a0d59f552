import { HumanMessage } from '@langchain/core/messages';
import { InvalidKeyError } from '@x/redis-core';
import { redisTest } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';
import { RedisChatSessions } from './redis-chat-sessions.js';

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const items: string[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const IDS = ['foo', 'a:b', '*', '{x}', 'ünï 会话 👋', 'session:{y}'];

describe('RedisChatSessions', () => {
  redisTest(
    'lists every session under its prefix, each once, and nothing else',
    async ({ redis }) => {
      const prefix = `${redis.prefix}:app`;
      const write = (sessionId: string, at = prefix) =>
        new RedisChatMessageHistory({ sessionId, client: redis.client, prefix: at }).addUserMessage(
          'hi',
        );
      await Promise.all(IDS.map((sessionId) => write(sessionId)));
      // Neighbours that a careless pattern would pick up.
      await write('nested', `${prefix}:session`);
      await write('other', `${redis.prefix}:application`);
      await redis.client.set(`${prefix}:session:{plain-string}`, 'not a list');
      await redis.client.rPush(`${prefix}:session:not-tagged`, 'x');
      // Enough sessions that SCAN needs several calls.
      const many = Array.from({ length: 1_500 }, (_, index) => `bulk-${index}`);
      await Promise.all(many.map((sessionId) => write(sessionId)));

      const sessions = new RedisChatSessions({ client: redis.client, prefix });
      const listed = await collect(sessions.list());
      expect(listed.length).toBe(IDS.length + many.length);
      expect(new Set(listed)).toEqual(new Set([...IDS, ...many]));
    },
  );

  redisTest(
    'deletes one session, or all of them, and nothing outside the prefix',
    async ({ redis }) => {
      const prefix = `${redis.prefix}:app`;
      const histories = IDS.map(
        (sessionId) => new RedisChatMessageHistory({ sessionId, client: redis.client, prefix }),
      );
      await Promise.all(
        histories.map((history) => history.addUserMessage(`for ${history.sessionId}`)),
      );
      const neighbour = new RedisChatMessageHistory({
        sessionId: 'foo',
        client: redis.client,
        prefix: `${prefix}:session`,
      });
      await neighbour.addUserMessage('keep me');
      const sessions = new RedisChatSessions({ client: redis.client, prefix });

      expect(await sessions.delete('*')).toBe(true);
      expect(await sessions.delete('*')).toBe(false);
      expect(await sessions.delete('never written')).toBe(false);
      expect(new Set(await collect(sessions.list()))).toEqual(
        new Set(IDS.filter((id) => id !== '*')),
      );
      await expect(sessions.delete('')).rejects.toThrow(InvalidKeyError);

      expect(await sessions.deleteAll()).toBe(IDS.length - 1);
      expect(await collect(sessions.list())).toEqual([]);
      expect(await neighbour.getMessages()).toEqual([new HumanMessage('keep me')]);
      expect(await redis.client.keys(`${prefix}:*`)).toEqual([neighbour.key]);
    },
  );

  redisTest('uses the prefix "chat" by default, as histories do', async ({ redis }) => {
    // The default prefix is shared with other tests: only this test's ids are asserted.
    const sessionId = `${redis.prefix}-default`;
    const history = new RedisChatMessageHistory({ sessionId, client: redis.client });
    await history.addUserMessage('hi');
    try {
      await using sessions = new RedisChatSessions({ url: redis.url });
      expect(await collect(sessions.list())).toContain(sessionId);
      expect(await sessions.delete(sessionId)).toBe(true);
      expect(await history.getMessages()).toEqual([]);
    } finally {
      await history.clear();
    }
  });
});
