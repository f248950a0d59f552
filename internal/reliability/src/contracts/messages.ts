import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  mapChatMessagesToStoredMessages,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { expect } from 'vitest';

/** A short conversation with every field a chat history must keep. */
export function conversation(tag: string): BaseMessage[] {
  return [
    new SystemMessage({ content: `be brief ${tag}`, id: `s-${tag}` }),
    new HumanMessage({ content: `what is the weather in {Paris} * ? ${tag}`, name: 'ana' }),
    new AIMessage({
      content: '',
      tool_calls: [
        { id: `call-${tag}`, name: 'weather', args: { city: 'Paris' }, type: 'tool_call' },
      ],
      usage_metadata: { input_tokens: 3, output_tokens: 5, total_tokens: 8 },
    }),
    new ToolMessage({ content: '{"temp":21}', tool_call_id: `call-${tag}` }),
    new AIMessage({ content: `21 °C ${tag}`, response_metadata: { finish_reason: 'stop' } }),
  ];
}

/** Asserts that two lists hold the same messages, field for field (as LangChain stores them). */
export function expectSameMessages(actual: BaseMessage[], expected: BaseMessage[]): void {
  expect(mapChatMessagesToStoredMessages(actual)).toEqual(
    mapChatMessagesToStoredMessages(expected),
  );
}
