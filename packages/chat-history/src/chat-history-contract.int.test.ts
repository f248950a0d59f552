import { InMemoryChatMessageHistory } from '@langchain/core/chat_history';
import { RedisConnection } from '@x/redis-core';
import { unlinkKeys } from '@x/redis-core/internal';
import { randomPrefix, testRedis } from '@x/test-utils';
import { createClient } from 'redis';
import { describeChatHistoryContract } from '../test/chat-history-contract.js';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';

describeChatHistoryContract('InMemoryChatMessageHistory (LangChain reference)', async () => {
  const sessions = new Map<string, InMemoryChatMessageHistory>();
  return {
    history(sessionId) {
      let history = sessions.get(sessionId);
      if (!history) {
        history = new InMemoryChatMessageHistory();
        sessions.set(sessionId, history);
      }
      return history;
    },
    teardown: async () => {},
  };
});

describeChatHistoryContract('RedisChatMessageHistory', async () => {
  const client = createClient({ url: testRedis().url });
  await client.connect();
  const prefix = randomPrefix();
  return {
    history: (sessionId) => new RedisChatMessageHistory({ sessionId, client, prefix }),
    teardown: async () => {
      await unlinkKeys(RedisConnection.from({ client }), `${prefix}:*`);
      await client.close();
    },
  };
});
