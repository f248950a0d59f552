import {
  AIMessage,
  type BaseMessage,
  ChatMessage,
  FunctionMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { expect } from 'vitest';

/** One message of every kind LangChain stores, with every field that must come back. */
export function everyKindOfMessage(): BaseMessage[] {
  return [
    new HumanMessage({ content: 'héllo 👋 {x} * ?', id: 'h1', name: 'ana' }),
    new HumanMessage({
      content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } },
      ],
      additional_kwargs: { client: { tab: 3 } },
    }),
    new AIMessage({
      content: [{ type: 'text', text: 'Let me look.' }],
      id: 'a1',
      name: 'assistant',
      tool_calls: [
        { id: 'call-1', name: 'lookup', args: { city: 'Paris', n: 2 }, type: 'tool_call' },
      ],
      invalid_tool_calls: [
        { id: 'call-2', name: 'x', args: '{oops', error: 'bad json', type: 'invalid_tool_call' },
      ],
      usage_metadata: { input_tokens: 3, output_tokens: 5, total_tokens: 8 },
      response_metadata: { model_name: 'fake', finish_reason: 'tool_calls' },
      additional_kwargs: { refusal: null, nested: { a: [1, 2] } },
    }),
    new ToolMessage({ content: '{"temp":21}', tool_call_id: 'call-1', name: 'lookup', id: 't1' }),
    new SystemMessage({ content: 'be brief', id: 's1' }),
    new FunctionMessage({ content: '{"a":1}', name: 'legacy_fn' }),
    new ChatMessage({ content: 'generic', role: 'critic', name: 'bob' }),
    new AIMessage(''),
  ];
}

const FIELDS = [
  'content',
  'tool_calls',
  'invalid_tool_calls',
  'tool_call_id',
  'usage_metadata',
  'response_metadata',
  'id',
  'name',
  'additional_kwargs',
  'role',
] as const;

/** Asserts that `actual` holds the same messages as `expected`: same classes, same fields. */
export function expectSameMessages(actual: BaseMessage[], expected: BaseMessage[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((message, index) => {
    const original = expected[index] as BaseMessage;
    expect(message.constructor).toBe(original.constructor);
    expect(message.getType()).toBe(original.getType());
    for (const field of FIELDS) {
      expect(message[field as keyof BaseMessage], `${index}.${field}`).toEqual(
        original[field as keyof BaseMessage],
      );
    }
    expect(message.toDict()).toEqual(original.toDict());
  });
}
