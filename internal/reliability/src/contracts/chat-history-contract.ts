import type { HumanMessage } from '@langchain/core/messages';
import { RedisChatMessageHistory, RedisChatSessions } from '@x/chat-history';
import type { ConnectionOptions } from '@x/redis-core';
import { expect } from 'vitest';
import type { ContractRun } from './contract-run.js';
import { conversation, expectSameMessages } from './messages.js';

/**
 * Every operation of `RedisChatMessageHistory` and `RedisChatSessions` through their public
 * API: plain appends (RPUSH), appends with `ttl` and `maxMessages` (MULTI), full and partial
 * reads (with the TTL refreshed on read), `clear`, listing and deleting sessions.
 */
export async function chatHistoryContract(
  connection: ConnectionOptions,
  prefix: string,
  run: ContractRun = {},
): Promise<number> {
  const count = run.entries ?? 12;
  const ids = Array.from({ length: count }, (_, index) => `user ${index}: {chat} * ?`);
  const plain = ids.map(
    (sessionId) => new RedisChatMessageHistory({ ...connection, prefix, sessionId }),
  );
  const limited = ids.map(
    (sessionId) =>
      new RedisChatMessageHistory({
        ...connection,
        prefix,
        sessionId: `${sessionId} limited`,
        ttl: 60,
        maxMessages: 4,
        refreshTtlOnRead: true,
      }),
  );
  const sessions = new RedisChatSessions({ ...connection, prefix });
  let operations = 0;
  try {
    for (const [index, history] of plain.entries()) {
      const messages = conversation(String(index));
      await history.addMessages(messages.slice(0, 2));
      await history.addMessage(messages[2] as HumanMessage);
      await history.addMessages(messages.slice(3));
      operations += 3;
    }
    for (const history of limited) {
      await history.addUserMessage('one');
      await history.addAIMessage('two');
      await history.addMessages(conversation('limited').slice(1, 4));
      operations += 3;
    }
    await run.onLoaded?.();
    for (const [index, history] of plain.entries()) {
      expectSameMessages(await history.getMessages(), conversation(String(index)));
      expectSameMessages(await history.getLastMessages(2), conversation(String(index)).slice(3));
      operations += 2;
    }
    for (const history of limited) {
      const kept = await history.getMessages();
      expect(kept.map((message) => message.getType())).toEqual(['ai', 'human', 'ai', 'tool']);
      expect(await history.getLastMessages(1)).toHaveLength(1);
      operations += 2;
    }
    const listed: string[] = [];
    for await (const sessionId of sessions.list()) listed.push(sessionId);
    expect(new Set(listed)).toEqual(new Set([...ids, ...ids.map((id) => `${id} limited`)]));
    await plain[0]?.clear();
    expect(await plain[0]?.getMessages()).toEqual([]);
    expect(await sessions.delete(ids[1] ?? '')).toBe(true);
    expect(await sessions.delete(ids[1] ?? '')).toBe(false);
    expect(await sessions.deleteAll()).toBe(2 * count - 2);
    expect(await limited[0]?.getMessages()).toEqual([]);
    operations += 7;
    return operations;
  } finally {
    await Promise.all([...plain, ...limited, sessions].map((item) => item.close()));
  }
}
