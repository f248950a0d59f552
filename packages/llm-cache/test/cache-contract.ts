import type { BaseCache } from '@langchain/core/caches';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatGeneration, Generation } from '@langchain/core/outputs';
import { describe, expect, it } from 'vitest';

/** A cache under test, and how to get rid of it and its entries afterwards. */
export interface ContractSubject {
  cache: BaseCache<Generation[]>;
  dispose(): Promise<void>;
}

const LLM = '{"model":"gpt-test","temperature":0}';
const OTHER_LLM = '{"model":"gpt-test","temperature":1}';

/** A chat generation with every field a provider fills in. */
export function richChatGeneration(): ChatGeneration {
  const message = new AIMessage({
    content: [
      { type: 'text', text: 'Calling the weather tool.' },
      { type: 'text', text: ' One moment.' },
    ],
    id: 'run-1',
    name: 'assistant',
    tool_calls: [
      { id: 'call-1', name: 'weather', args: { city: 'Zürich', days: 3 }, type: 'tool_call' },
    ],
    invalid_tool_calls: [
      {
        id: 'call-2',
        name: 'weather',
        args: '{"city":',
        error: 'truncated',
        type: 'invalid_tool_call',
      },
    ],
    usage_metadata: { input_tokens: 12, output_tokens: 7, total_tokens: 19 },
    response_metadata: { model_name: 'gpt-test', finish_reason: 'tool_calls' },
    additional_kwargs: { refusal: null, audio: { id: 'a1' } },
  });
  return {
    text: 'Calling the weather tool. One moment.',
    message,
    generationInfo: {
      finish_reason: 'tool_calls',
      logprobs: { content: [{ token: 'C', p: 0.9 }] },
    },
  };
}

/** What a user compares: the plain fields of generations, messages as their dict form. */
function comparable(generations: Generation[] | null): unknown {
  if (generations === null) return null;
  return generations.map((generation) => {
    const { message } = generation as Partial<ChatGeneration>;
    return {
      text: generation.text,
      generationInfo: generation.generationInfo,
      message: message === undefined ? undefined : describeMessage(message),
    };
  });
}

function describeMessage(message: BaseMessage): unknown {
  return { class: message.constructor.name, ...message.toDict() };
}

/**
 * The behaviour LangChain's `InMemoryCache` defines for a cache, run against any cache. The
 * exact Redis cache must pass it as the reference does.
 */
export function describeCacheContract(name: string, create: () => Promise<ContractSubject>): void {
  describe(`cache contract: ${name}`, () => {
    const withCache = (body: (cache: BaseCache<Generation[]>) => Promise<void>) => async () => {
      const subject = await create();
      try {
        await body(subject.cache);
      } finally {
        await subject.dispose();
      }
    };

    it(
      'misses what was never stored',
      withCache(async (cache) => {
        expect(await cache.lookup('never stored', LLM)).toBeNull();
      }),
    );

    it(
      'returns what was stored for the same prompt and model settings',
      withCache(async (cache) => {
        await cache.update('What is 2 + 2?', LLM, [{ text: '4' }]);
        expect(comparable(await cache.lookup('What is 2 + 2?', LLM))).toEqual(
          comparable([{ text: '4' }]),
        );
      }),
    );

    it(
      'keeps entries of other prompts and other model settings apart',
      withCache(async (cache) => {
        await cache.update('prompt', LLM, [{ text: 'for LLM' }]);
        await cache.update('prompt', OTHER_LLM, [{ text: 'for OTHER_LLM' }]);
        await cache.update('prompt 2', LLM, [{ text: 'prompt 2' }]);
        expect((await cache.lookup('prompt', LLM))?.[0]?.text).toBe('for LLM');
        expect((await cache.lookup('prompt', OTHER_LLM))?.[0]?.text).toBe('for OTHER_LLM');
        expect((await cache.lookup('prompt 2', LLM))?.[0]?.text).toBe('prompt 2');
        expect(await cache.lookup('prompt 2', OTHER_LLM)).toBeNull();
        expect(await cache.lookup('Prompt', LLM)).toBeNull();
      }),
    );

    it(
      'keeps every generation, in order',
      withCache(async (cache) => {
        const generations = [{ text: 'one' }, { text: 'two' }, { text: 'three' }];
        await cache.update('n = 3', LLM, generations);
        expect(comparable(await cache.lookup('n = 3', LLM))).toEqual(comparable(generations));
      }),
    );

    it(
      'replaces the whole entry on update: two generations written over by one leave one',
      withCache(async (cache) => {
        await cache.update('p', LLM, [{ text: 'old 1' }, { text: 'old 2' }]);
        await cache.update('p', LLM, [{ text: 'new' }]);
        expect(comparable(await cache.lookup('p', LLM))).toEqual(comparable([{ text: 'new' }]));
      }),
    );

    it(
      'round-trips chat generations with tool calls, usage, metadata and generationInfo',
      withCache(async (cache) => {
        const generations = [richChatGeneration(), { text: 'hi', message: new AIMessage('hi') }];
        await cache.update('weather?', LLM, generations);
        const back = await cache.lookup('weather?', LLM);
        expect(comparable(back)).toEqual(comparable(generations));
        expect((back?.[0] as ChatGeneration | undefined)?.message).toBeInstanceOf(AIMessage);
      }),
    );

    it(
      'takes empty prompts and model settings',
      withCache(async (cache) => {
        await cache.update('', '', [{ text: 'empty' }]);
        expect((await cache.lookup('', ''))?.[0]?.text).toBe('empty');
        expect(await cache.lookup(' ', '')).toBeNull();
      }),
    );

    it(
      'takes any Unicode, each text its own entry',
      withCache(async (cache) => {
        const prompts = [
          'héllo',
          'hello',
          '你好，世界',
          '👋🏽',
          'שלום',
          'e\u0301',
          '\u00e9',
          'a\u0000b',
        ];
        for (const prompt of prompts) await cache.update(prompt, LLM, [{ text: `for ${prompt}` }]);
        for (const prompt of prompts) {
          expect((await cache.lookup(prompt, LLM))?.[0]?.text).toBe(`for ${prompt}`);
        }
      }),
    );

    it(
      'takes a 1 MB prompt',
      withCache(async (cache) => {
        const prompt = 'lorem ipsum '.repeat(90_000);
        await cache.update(prompt, LLM, [{ text: 'long' }]);
        expect((await cache.lookup(prompt, LLM))?.[0]?.text).toBe('long');
        expect(await cache.lookup(`${prompt}.`, LLM)).toBeNull();
      }),
    );
  });
}
