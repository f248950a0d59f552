import {
  AIMessage,
  AIMessageChunk,
  ChatMessage,
  FunctionMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import type { ChatGeneration } from '@langchain/core/outputs';
import { describe, expect, it } from 'vitest';
import { SerializationError } from './errors.js';
import { deserializeGenerations, serializeGenerations } from './generation-codec.js';
import { deserializeMessage, serializeMessage } from './message-codec.js';

const richAi = new AIMessage({
  content: [{ type: 'text', text: 'It is Paris.' }],
  id: 'msg-1',
  name: 'assistant',
  tool_calls: [{ id: 'call-1', name: 'lookup', args: { city: 'Paris', n: 2 }, type: 'tool_call' }],
  invalid_tool_calls: [
    { id: 'call-2', name: 'x', args: '{oops', error: 'bad json', type: 'invalid_tool_call' },
  ],
  usage_metadata: { input_tokens: 3, output_tokens: 5, total_tokens: 8 },
  response_metadata: { model_name: 'fake', finish_reason: 'stop' },
  additional_kwargs: { refusal: null, nested: { a: [1, 2] } },
});

const everyKind = [
  new HumanMessage({ content: 'héllo 👋', id: 'h1', name: 'ana' }),
  new HumanMessage({
    content: [
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } },
      { type: 'text', text: 'what is this?' },
    ],
  }),
  richAi,
  new SystemMessage('be brief'),
  new ToolMessage({
    content: '42',
    tool_call_id: 'call-1',
    name: 'lookup',
    status: 'success',
    artifact: { rows: 1 },
  }),
  new FunctionMessage({ content: '{"a":1}', name: 'legacy_fn' }),
  new ChatMessage({ content: 'generic', role: 'critic' }),
];

describe('message codec', () => {
  it.each(everyKind.map((message) => [message.getType(), message] as const))(
    'round-trips a %s message deep-equal',
    (_type, message) => {
      const back = deserializeMessage(serializeMessage(message));
      expect(back.constructor).toBe(message.constructor);
      expect(back.toDict()).toEqual(message.toDict());
    },
  );

  it('gives back user data that holds an `lc` key as it was, however many round trips', () => {
    // LangChain escapes such objects when it stores a message ({ "__lc_escaped__": ... }),
    // which once came back wrapped, and wrapped again on every further round trip.
    const message = new AIMessage({
      content: [{ type: 'text', text: 'x', lc: 1 } as never],
      tool_calls: [{ id: 't', name: 'f', args: { lc: 1, q: 'a' }, type: 'tool_call' }],
      additional_kwargs: {
        payload: { lc: 1, type: 'secret', id: ['x'] },
        literal: { __lc_escaped__: 2 },
      },
      response_metadata: { lc: 1 },
    });
    const once = deserializeMessage(serializeMessage(message));
    const twice = deserializeMessage(serializeMessage(once));
    expect(once.toDict()).toEqual(message.toDict());
    expect(twice.toDict()).toEqual(message.toDict());
    const tool = new ToolMessage({ content: 'r', tool_call_id: 't', artifact: { lc: 1 } });
    expect(deserializeMessage(serializeMessage(tool)).toDict()).toEqual(tool.toDict());
  });

  it('stores a streamed chunk as a plain AI message with the same fields', () => {
    const chunk = new AIMessageChunk({
      content: 'part',
      id: 'c1',
      usage_metadata: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
    });
    const back = deserializeMessage(serializeMessage(chunk)) as AIMessage;
    expect(back.content).toBe('part');
    expect(back.id).toBe('c1');
    expect(back.usage_metadata?.total_tokens).toBe(2);
  });

  it('turns what LangChain itself refuses into a SerializationError', () => {
    for (const text of [
      '{"type":"no-such-type","data":{"content":"x"}}',
      '{"type":"tool","data":{"content":"x"}}',
    ]) {
      expect(() => deserializeMessage(text)).toThrow(SerializationError);
    }
  });

  it('refuses what it did not write', () => {
    for (const text of [
      'not json',
      '42',
      '{"type":"human"}',
      '{"type":1,"data":{"content":"x"}}',
      '{"type":"human","data":{"content":5}}',
    ]) {
      expect(() => deserializeMessage(text)).toThrow(SerializationError);
    }
  });

  it('refuses a message JSON cannot express', () => {
    const message = new AIMessage({ content: 'x', additional_kwargs: { big: 1n } });
    expect(() => serializeMessage(message)).toThrow(SerializationError);
  });
});

describe('generation codec', () => {
  it('keeps every generation, chat messages whole, and generationInfo', () => {
    const generations: ChatGeneration[] = [
      {
        text: 'It is Paris.',
        message: richAi,
        generationInfo: { finish_reason: 'stop', logprobs: { a: [0.1] } },
      },
      { text: 'Paris.', message: new AIMessage('Paris.') },
    ];
    const back = deserializeGenerations(serializeGenerations(generations)) as ChatGeneration[];
    expect(back).toHaveLength(2);
    expect(back[0]?.text).toBe('It is Paris.');
    expect(back[0]?.generationInfo).toEqual(generations[0]?.generationInfo);
    expect(back[0]?.message.toDict()).toEqual(richAi.toDict());
    expect(back[0]?.message).toBeInstanceOf(AIMessage);
    expect(back[1]?.message.content).toBe('Paris.');
  });

  it('keeps plain text generations plain', () => {
    expect(deserializeGenerations(serializeGenerations([{ text: 'a' }, { text: '' }]))).toEqual([
      { text: 'a' },
      { text: '' },
    ]);
  });

  it('refuses unserializable generations and foreign stored values', () => {
    expect(() => serializeGenerations([{ text: 'x', generationInfo: { n: 1n } }])).toThrow(
      SerializationError,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => serializeGenerations([{ text: 'x', generationInfo: cyclic }])).toThrow(
      SerializationError,
    );
    expect(() => serializeGenerations([{ text: 3 } as never])).toThrow(SerializationError);
    for (const text of ['{', '[]', '{"v":2,"generations":[]}', '{"v":1,"generations":[{}]}']) {
      expect(() => deserializeGenerations(text)).toThrow(SerializationError);
    }
  });
});
