import type { BaseMessage } from '@langchain/core/messages';
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatPromptTemplate, MessagesPlaceholder } from '@langchain/core/prompts';
import { RunnableWithMessageHistory } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { redisTest } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { expectSameMessages } from '../test/test-messages.js';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';

/** Seed 004: a prompt with the history, a chat model, and RedisChatMessageHistory per session. */
describe('RunnableWithMessageHistory (seed 004)', () => {
  redisTest('shows the second turn what the first one said', async ({ redis }) => {
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', "You're an assistant."],
      new MessagesPlaceholder('history'),
      ['human', '{question}'],
    ]);
    const model = new FakeListChatModel({
      responses: ['Hi Bob!', 'Your name is Bob, as you mentioned earlier.'],
    });
    // What the model was given on each call, as the callbacks saw it.
    const received: BaseMessage[][] = [];
    const callbacks = [
      {
        handleChatModelStart(_model: unknown, prompts: BaseMessage[][]) {
          received.push(prompts[0] ?? []);
        },
      },
    ];
    const chainWithHistory = new RunnableWithMessageHistory({
      runnable: prompt.pipe(model),
      getMessageHistory: (sessionId: string) =>
        new RedisChatMessageHistory({ sessionId, client: redis.client, prefix: redis.prefix }),
      inputMessagesKey: 'question',
      historyMessagesKey: 'history',
    });
    const config = { configurable: { sessionId: 'foo' }, callbacks };

    const first = await chainWithHistory.invoke({ question: "Hi! I'm bob" }, config);
    const second = await chainWithHistory.invoke({ question: 'Whats my name' }, config);

    expect(first.content).toBe('Hi Bob!');
    expect(second.content).toBe('Your name is Bob, as you mentioned earlier.');
    expect(received).toHaveLength(2);
    expectSameMessages(received[0] ?? [], [
      new SystemMessage("You're an assistant."),
      new HumanMessage("Hi! I'm bob"),
    ]);
    expect(received[1]?.map((message) => [message.getType(), message.content])).toEqual([
      ['system', "You're an assistant."],
      ['human', "Hi! I'm bob"],
      ['ai', 'Hi Bob!'],
      ['human', 'Whats my name'],
    ]);

    // Another session starts empty; the first one holds both turns.
    await chainWithHistory.invoke(
      { question: 'Who am I?' },
      { configurable: { sessionId: 'bar' }, callbacks },
    );
    expect(received[2]?.map((message) => message.getType())).toEqual(['system', 'human']);
    const stored = await new RedisChatMessageHistory({
      sessionId: 'foo',
      client: redis.client,
      prefix: redis.prefix,
    }).getMessages();
    expect(stored.map((message) => [message.getType(), message.content])).toEqual([
      ['human', "Hi! I'm bob"],
      ['ai', 'Hi Bob!'],
      ['human', 'Whats my name'],
      ['ai', 'Your name is Bob, as you mentioned earlier.'],
    ]);
    expect(stored[1]).toBeInstanceOf(AIMessage);
  });
});
