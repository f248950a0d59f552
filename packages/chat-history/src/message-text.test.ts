import {
  AIMessage,
  AIMessageChunk,
  type BaseMessage,
  ChatMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { deserializeMessage, SerializationError } from '@x/redis-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageText } from './message-text.js';
import { everyKindOfMessage } from './test-messages.js';

const langChainText = (message: BaseMessage) => JSON.stringify(message.toDict());

const json = fc.jsonValue({ maxDepth: 3 });
const kwargs = fc.dictionary(fc.string(), json, { maxKeys: 4 });
const content = fc.oneof(
  fc.string(),
  fc.array(fc.record({ type: fc.constant('text'), text: fc.string() }), { maxLength: 3 }),
);
const optional = { requiredKeys: [] as [] };
const messages: fc.Arbitrary<BaseMessage> = fc.oneof(
  fc
    .record({ content, id: fc.string(), name: fc.string(), additional_kwargs: kwargs }, optional)
    .map((fields) => new HumanMessage({ content: '', ...fields })),
  fc
    .record(
      {
        content,
        id: fc.string(),
        additional_kwargs: kwargs,
        response_metadata: kwargs,
        tool_calls: fc.array(
          fc.record({
            id: fc.string(),
            name: fc.string(),
            args: kwargs,
            type: fc.constant('tool_call' as const),
          }),
          { maxLength: 2 },
        ),
        usage_metadata: fc.record({
          input_tokens: fc.nat(),
          output_tokens: fc.nat(),
          total_tokens: fc.nat(),
        }),
      },
      optional,
    )
    .map((fields) => new AIMessage({ content: '', ...fields })),
  fc
    .record(
      { content, tool_call_id: fc.string(), name: fc.string(), artifact: json },
      { requiredKeys: ['tool_call_id'] },
    )
    .map((fields) => new ToolMessage({ content: '', ...fields })),
  fc.record({ content, role: fc.string() }).map((fields) => new ChatMessage(fields)),
  content.map((text) => new SystemMessage(text)),
);

describe('messageText', () => {
  it('writes the text LangChain writes, for every kind of message', () => {
    for (const message of everyKindOfMessage()) {
      expect(messageText(message)).toBe(langChainText(message));
    }
  });

  it('writes the text LangChain writes, whatever the fields hold', () => {
    fc.assert(
      fc.property(messages, (message) => {
        const text = messageText(message);
        expect(text).toBe(langChainText(message));
        expect(deserializeMessage(text).toDict()).toEqual(message.toDict());
      }),
      { numRuns: 500 },
    );
  });

  it('leaves LangChain markers, chunks and renamed fields to LangChain', () => {
    const unusual = [
      new AIMessage({ content: 'x', additional_kwargs: { payload: { lc: 1, type: 'secret' } } }),
      new HumanMessage({ content: 'x', additional_kwargs: { wrapped: { __lc_escaped__: 1 } } }),
      new AIMessageChunk({ content: 'part', id: 'c1' }),
      new HumanMessage({ content: 'x', someField: 1 } as never),
    ];
    for (const message of unusual) expect(messageText(message)).toBe(langChainText(message));
  });

  it('refuses what JSON cannot express, as the core codec does', () => {
    expect(() =>
      messageText(new AIMessage({ content: 'x', additional_kwargs: { big: 1n } })),
    ).toThrow(SerializationError);
  });
});
