import type { BaseListChatMessageHistory } from '@langchain/core/chat_history';
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { everyKindOfMessage, expectSameMessages } from './test-messages.js';

/** A store of chat histories under test: LangChain's in-memory reference, or ours. */
export interface ChatHistoryStore {
  /**
   * The history of `sessionId`. Two calls with one id stand for two processes of one app: they
   * must see each other's writes.
   */
  history(sessionId: string): BaseListChatMessageHistory;
  /** Releases what the store holds (clients, keys). */
  teardown(): Promise<void>;
}

/**
 * The behaviour `RunnableWithMessageHistory` and apps rely on, run against any
 * `BaseListChatMessageHistory`: LangChain's `InMemoryChatMessageHistory` is the reference.
 */
export function describeChatHistoryContract(
  name: string,
  createStore: () => Promise<ChatHistoryStore>,
): void {
  describe(`chat history contract: ${name}`, () => {
    let store: ChatHistoryStore;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store.teardown();
    });

    it('starts a session empty', async () => {
      expect(await store.history('new').getMessages()).toEqual([]);
    });

    it('returns messages oldest first, across single and batch appends', async () => {
      const history = store.history('s');
      const messages = [
        new SystemMessage('be brief'),
        new HumanMessage('hi!'),
        new AIMessage('whats up?'),
        new HumanMessage('nothing'),
        new AIMessage('ok'),
      ];
      await history.addMessage(messages[0] as SystemMessage);
      await history.addMessages(messages.slice(1, 3));
      await history.addMessage(messages[3] as HumanMessage);
      await history.addMessages(messages.slice(4));
      expectSameMessages(await history.getMessages(), messages);
    });

    it('stores user and AI strings as human and AI messages', async () => {
      const history = store.history('s');
      await history.addUserMessage('hi!');
      await history.addAIMessage('whats up?');
      expectSameMessages(await history.getMessages(), [
        new HumanMessage('hi!'),
        new AIMessage('whats up?'),
      ]);
    });

    it('gives back every kind of message with all its fields', async () => {
      const history = store.history('s');
      const messages = everyKindOfMessage();
      await history.addMessages(messages);
      expectSameMessages(await history.getMessages(), messages);
    });

    it('changes nothing for an empty batch', async () => {
      const history = store.history('s');
      await history.addUserMessage('one');
      await history.addMessages([]);
      expectSameMessages(await history.getMessages(), [new HumanMessage('one')]);
    });

    it('clears a session, which then starts afresh', async () => {
      const history = store.history('s');
      await history.addMessages([new HumanMessage('a'), new AIMessage('b')]);
      await history.clear();
      expect(await history.getMessages()).toEqual([]);
      await history.clear();
      await history.addUserMessage('c');
      expectSameMessages(await history.getMessages(), [new HumanMessage('c')]);
    });

    it('keeps sessions apart', async () => {
      const first = store.history('first');
      const second = store.history('second');
      await first.addUserMessage('for first');
      await second.addUserMessage('for second');
      await second.clear();
      expectSameMessages(await first.getMessages(), [new HumanMessage('for first')]);
      expect(await second.getMessages()).toEqual([]);
    });

    it('shares one session between two history objects', async () => {
      await store.history('shared').addUserMessage('from one');
      await store.history('shared').addAIMessage('from two');
      expectSameMessages(await store.history('shared').getMessages(), [
        new HumanMessage('from one'),
        new AIMessage('from two'),
      ]);
    });
  });
}
