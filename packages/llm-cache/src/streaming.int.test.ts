import { AIMessage, AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { redisTest as test } from '@x/test-utils';
import { createAgent, fakeModel } from 'langchain';
import { describe, expect } from 'vitest';
import { cacheFor } from '../test/test-helpers.js';
import { cacheMiddleware } from './agents.js';
import { withStreamingCache } from './index.js';

/** A streaming model that counts the streams it really makes. */
class CountingModel extends FakeStreamingChatModel {
  streams = 0;

  override async *_streamResponseChunks(
    ...args: Parameters<FakeStreamingChatModel['_streamResponseChunks']>
  ) {
    this.streams++;
    yield* super._streamResponseChunks(...args);
  }
}

/** A model that streams `chunks`, given `cache`, its streamed calls cached. */
function streamingModel(
  cache: ReturnType<typeof cacheFor>,
  chunks: AIMessageChunk[],
  fields: { thrownErrorString?: string } = {},
) {
  return withStreamingCache(new CountingModel({ chunks, cache, ...fields }));
}

async function collect(stream: AsyncIterable<AIMessageChunk>) {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const words = ['The ', 'answer ', 'is ', 'forty-two.'].map(
  (content) => new AIMessageChunk({ content }),
);

describe('withStreamingCache', () => {
  test('a streamed miss reaches the reader as it comes and is stored; a hit replays as chunks', async ({
    redis,
  }) => {
    const first = streamingModel(cacheFor(redis), words);
    const live = await collect(await first.stream('Meaning of life?'));
    expect(live.map((chunk) => chunk.content)).toEqual(['The ', 'answer ', 'is ', 'forty-two.']);
    expect(first.streams).toBe(1);

    // Another process, a model that would say something else.
    const other = streamingModel(cacheFor(redis), [new AIMessageChunk({ content: 'no' })]);
    const replayed = await collect(await other.stream('Meaning of life?'));
    expect(other.streams).toBe(0);
    expect(replayed.length).toBeGreaterThan(1);
    expect(replayed.map((chunk) => chunk.content).join('')).toBe('The answer is forty-two.');
    expect(replayed[0]?.response_metadata.cache).toEqual({ hit: true });
    // Streamed and invoked calls share entries.
    const invoked = await other.invoke('Meaning of life?');
    expect(invoked.content).toBe('The answer is forty-two.');
    expect(other.streams).toBe(0);
  });

  test('replays tool calls and usage intact', async ({ redis }) => {
    const toolCalls = [
      { id: 'call-1', name: 'weather', args: { city: 'Lyon' }, type: 'tool_call' as const },
    ];
    const chunk = new AIMessageChunk({
      content: 'Checking.',
      tool_calls: toolCalls,
      usage_metadata: { input_tokens: 9, output_tokens: 4, total_tokens: 13 },
    });
    await collect(await streamingModel(cacheFor(redis), [chunk]).stream('Lyon?'));
    const model = streamingModel(cacheFor(redis), [new AIMessageChunk('no')]);
    let whole: AIMessageChunk | undefined;
    for await (const piece of await model.stream('Lyon?'))
      whole = whole ? whole.concat(piece) : piece;
    expect(model.streams).toBe(0);
    expect(whole?.content).toBe('Checking.');
    expect(whole?.tool_calls).toEqual(toolCalls);
    // A hit costs nothing, as LangChain's own cache reports it.
    expect(whole?.usage_metadata).toEqual({ input_tokens: 0, output_tokens: 0, total_tokens: 0 });
  });

  test('never stores half an answer: a failed stream, or a reader that stops early', async ({
    redis,
  }) => {
    const failing = streamingModel(cacheFor(redis), words, { thrownErrorString: 'reset' });
    await expect((async () => collect(await failing.stream('Fails?')))()).rejects.toThrow('reset');
    const stopped = streamingModel(cacheFor(redis), words);
    for await (const _chunk of await stopped.stream('Stopped?')) break;
    expect(stopped.streams).toBe(1);
    expect(await redis.client.keys(`${redis.prefix}*`)).toEqual([]);
    // The same stream read to its end is stored.
    await collect(await streamingModel(cacheFor(redis), words).stream('Stopped?'));
    expect(await redis.client.keys(`${redis.prefix}*`)).toHaveLength(1);
  });

  test('an agent streamed with streamMode "messages" gets a cached answer as chunks', async ({
    redis,
  }) => {
    const ask = { messages: [new HumanMessage('Capital of Peru?')] };
    const writer = createAgent({
      model: fakeModel().respond(new AIMessage('The capital of Peru is Lima.')),
      middleware: [cacheMiddleware(cacheFor(redis))],
    });
    await writer.invoke(ask);
    const model = fakeModel().respond(new AIMessage('not from the cache'));
    const reader = createAgent({ model, middleware: [cacheMiddleware(cacheFor(redis))] });
    const pieces: AIMessageChunk[] = [];
    for await (const [message] of await reader.stream(ask, { streamMode: 'messages' })) {
      pieces.push(message as AIMessageChunk);
    }
    expect(model.calls).toHaveLength(0);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.map((piece) => piece.content).join('')).toBe('The capital of Peru is Lima.');
    expect(pieces[0]?.response_metadata.cache).toMatchObject({ hit: true, source: 'exact' });
  });
});
