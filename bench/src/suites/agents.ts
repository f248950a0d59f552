import { AIMessage, AIMessageChunk, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { RedisCache, withStreamingCache } from '@x/llm-cache';
import { cacheMiddleware } from '@x/llm-cache/agents';
import { describeModelCall } from '@x/redis-core/internal';
import { createClient } from 'redis';
import {
  type BenchCase,
  type BenchSuite,
  inFlightCase,
  interleavedLatencies,
  quantile,
} from '../harness.js';

/** Calls in flight: a busy app server, as the exact cache's suite measures. */
const CONCURRENCY = 64;
/** Distinct questions the cases cycle through. */
const QUESTIONS = 1_000;
const ANSWER = 'Redis keeps the cache in memory and answers in well under a millisecond. '.repeat(
  14,
);

/** A model call as `createAgent` hands it to a middleware: a system prompt and one question. */
function requestFor(index: number) {
  return {
    model: 'openai:gpt-4o-mini',
    messages: [new HumanMessage(`Agent question ${index % QUESTIONS}?`)],
    systemMessage: new SystemMessage('You are a helpful assistant.'),
    systemPrompt: 'You are a helpful assistant.',
    tools: [],
    state: { messages: [] },
    runtime: { context: {} },
  };
}

function mustNotRun(): never {
  throw new Error('the model was called on a cache hit');
}

/**
 * The agent middleware on a hit, against the cache it calls (target ≥ 0.9×), and a streamed
 * hit's time to its first chunk (`withStreamingCache`), against a raw GET of the same entry.
 */
export const agentsSuite: BenchSuite = {
  name: 'agents',
  async setup({ url, quick, prefix, record }) {
    const client = createClient({ url });
    await client.connect();
    const cache = new RedisCache({ client, prefix: `${prefix}:agents` });
    const middleware = cacheMiddleware(cache);
    const wrap = middleware.wrapModelCall as unknown as (
      request: ReturnType<typeof requestFor>,
      handler: () => never,
    ) => Promise<AIMessage>;
    const answer = new AIMessage({
      content: ANSWER,
      usage_metadata: { input_tokens: 24, output_tokens: 230, total_tokens: 254 },
    });
    // Store every question's answer through the middleware itself (a miss, then the store).
    for (let index = 0; index < QUESTIONS; index++) {
      await wrap(requestFor(index), (() => answer) as never);
    }
    const keys = Array.from({ length: QUESTIONS }, (_, index) => {
      const call = describeModelCall(requestFor(index));
      if (!call.cacheable) throw new Error('the bench request must be cacheable');
      return call;
    });
    const operations = quick ? 2_000 : 20_000;
    const measure = (
      name: string,
      kind: BenchCase['kind'],
      task: (i: number) => Promise<unknown>,
    ) => inFlightCase(name, kind, operations, CONCURRENCY, task);
    const direct = 'the cache called directly (a described call, looked up)';
    const described = `${direct}, described per call`;
    const cases = [
      measure(direct, 'raw', async (index) => {
        const call = keys[index % QUESTIONS];
        if (call === undefined || (await cache.lookup(call.conversation, call.settings)) === null) {
          throw new Error('a miss in the baseline');
        }
      }),
      measure(described, 'raw', async (index) => {
        const call = describeModelCall(requestFor(index));
        if (!call.cacheable || (await cache.lookup(call.conversation, call.settings)) === null) {
          throw new Error('a miss in the baseline');
        }
      }),
      measure('ours: middleware hit (describe + lookup + serve)', 'ours', async (index) => {
        await wrap(requestFor(index), mustNotRun);
      }),
    ];

    // A streamed hit: how soon the first chunk comes, against one GET of the entry.
    const model = withStreamingCache(
      new FakeStreamingChatModel({ chunks: [new AIMessageChunk(ANSWER)], cache }),
    );
    const prompt = (index: number) => `Streamed question ${index % 100}`;
    for (let index = 0; index < 100; index++) {
      for await (const _chunk of await model.stream(prompt(index)));
      await client.set(`${prefix}:agents:probe:${index}`, ANSWER);
    }
    const count = quick ? 200 : 2_000;
    const [firstChunk = [], invoked = [], rawGet = []] = await interleavedLatencies(count, [
      async (index) => {
        const stream = await model.stream(prompt(index));
        const reader = stream[Symbol.asyncIterator]();
        await reader.next();
        await reader.return?.();
      },
      (index) => model.invoke(prompt(index)),
      (index) => client.get(`${prefix}:agents:probe:${index % 100}`),
    ]);
    const table = 'streamed hits (withStreamingCache), one at a time';
    record({
      name: 'time to first chunk p50',
      scope: 'a 1 KB answer',
      value: quantile(firstChunk, 0.5),
      unit: 'ms',
      table,
    });
    record({
      name: "invoke answered by the same cache p50 (LangChain's own cache path)",
      scope: 'for comparison',
      value: quantile(invoked, 0.5),
      unit: 'ms',
      table,
    });
    record({
      name: 'raw GET p50 (one round trip)',
      scope: 'for comparison',
      value: quantile(rawGet, 0.5),
      unit: 'ms',
      table,
    });

    return {
      groups: [
        {
          name: `agent middleware, cache hit, 1 KB answer, ${CONCURRENCY} in flight; target ours ≥ 0.9× the cache called directly`,
          short: 'agents: middleware hit',
          baseline: direct,
          cases,
          targets: [
            {
              case: 'ours: middleware hit (describe + lookup + serve)',
              min: 0.9,
              label: 'agent middleware hit ≥ 0.9× the cache called directly',
              limit: (ratio) =>
                `what the middleware adds to a lookup, measured step by step: describing each call (its model settings, tools, system prompt and conversation as JSON, from a request made per call) brings the direct lookup to ${ratio(described).toFixed(2)}×; ours runs at ${ratio('ours: middleware hit (describe + lookup + serve)').toFixed(2)}×, the rest being the served message (marked, its usage zeroed) and the middleware's call.`,
            },
          ],
        },
      ],
      async teardown() {
        await cache.clear();
        await client.close();
      },
    };
  },
};
