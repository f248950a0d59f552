import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { expect, it } from 'vitest';
import { expectSameMessages } from '../test/test-messages.js';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';
import { RedisChatSessions } from './redis-chat-sessions.js';

// The ACL rules the README gives: exactly the commands this package sends, on its own keys.
const README_ACL_RULES = [
  'resetkeys',
  '~chat:*',
  'resetchannels',
  '-@all',
  '+rpush',
  '+ltrim',
  '+pexpire',
  '+lrange',
  '+unlink',
  '+multi',
  '+exec',
  '+scan',
  '+client|setinfo',
];

it('works for a user allowed only the commands the README lists, and is refused nothing', async () => {
  const server = await spawnRedisServer();
  const admin = createClient({ url: server.url });
  await admin.connect();
  const url = `redis://chat:secret@127.0.0.1:${server.port}`;
  const history = new RedisChatMessageHistory({
    sessionId: 'foo',
    url,
    ttl: 60,
    maxMessages: 10,
    refreshTtlOnRead: true,
  });
  const sessions = new RedisChatSessions({ url });
  try {
    await admin.sendCommand(['ACL', 'SETUSER', 'chat', 'on', '>secret', ...README_ACL_RULES]);
    await history.addUserMessage('hi!');
    await history.addMessages([new AIMessage('whats up?'), new HumanMessage('not much')]);
    expectSameMessages(await history.getLastMessages(2), [
      new AIMessage('whats up?'),
      new HumanMessage('not much'),
    ]);
    expect(await history.getMessages()).toHaveLength(3);
    await history.clear();
    await history.addUserMessage('again');
    const listed: string[] = [];
    for await (const sessionId of sessions.list()) listed.push(sessionId);
    expect(listed).toEqual(['foo']);
    expect(await sessions.delete('foo')).toBe(true);
    expect(await sessions.deleteAll()).toBe(0);
    expect(await admin.sendCommand(['ACL', 'LOG'])).toEqual([]);
  } finally {
    await history.close();
    await sessions.close();
    await admin.close();
    await server.stop();
  }
});
