import { AIMessage, HumanMessage, type ToolMessage } from '@langchain/core/messages';
import { redisTest as test } from '@x/test-utils';
import { createAgent, fakeModel, tool } from 'langchain';
import { describe, expect, vi } from 'vitest';
import { z } from 'zod';
import { cacheFor } from '../test/test-helpers.js';
import { toolCacheMiddleware } from './agents.js';
import { canonicalJson } from './tool-cache.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tools that count their runs: a cached one, one not listed, and one that fails. */
function tools() {
  const rate = vi.fn(async ({ from, to }: { from: string; to: string }) => `1 ${from} = 0.9 ${to}`);
  const clock = vi.fn(async () => `It is ${Date.now()}.`);
  const flaky = vi.fn(async (): Promise<string> => {
    throw new Error('upstream down');
  });
  const schema = z.object({ from: z.string(), to: z.string() });
  return {
    rate,
    clock,
    flaky,
    list: [
      tool(rate, { name: 'rate', description: 'An exchange rate', schema }),
      tool(clock, { name: 'clock', description: 'The time', schema: z.object({}) }),
      tool(flaky, { name: 'flaky', description: 'Fails', schema: z.object({}) }),
    ],
  };
}

/** One agent turn that calls `name` with `args`, then answers. */
function agentCalling(
  redis: Parameters<typeof cacheFor>[0],
  calls: { name: string; args: Record<string, unknown> }[],
  listed = tools(),
  options: { ttl?: number; context?: boolean } = {},
) {
  const model = fakeModel()
    .respondWithTools(calls.map((call, index) => ({ ...call, id: `call-${index}` })))
    .respond(new AIMessage('Done.'));
  const middleware = toolCacheMiddleware(cacheFor(redis), {
    tools: { rate: { ttl: options.ttl ?? 60 }, flaky: {} },
    ...(options.context
      ? { scope: (runtime) => ({ user: String((runtime.context as { user: string }).user) }) }
      : {}),
  });
  const agent = createAgent({ model, tools: listed.list, middleware: [middleware] });
  return { agent, middleware, listed };
}

const toolMessages = (result: { messages: unknown[] }) =>
  result.messages.filter((message) => (message as ToolMessage).type === 'tool') as ToolMessage[];

describe('toolCacheMiddleware', () => {
  test("serves a listed tool's result for the same arguments in any order, runs the others", async ({
    redis,
  }) => {
    const shared = tools();
    const first = agentCalling(
      redis,
      [
        { name: 'rate', args: { from: 'EUR', to: 'USD' } },
        { name: 'clock', args: {} },
      ],
      shared,
    );
    await first.agent.invoke({ messages: [new HumanMessage('Rate and time?')] });
    expect(shared.rate).toHaveBeenCalledTimes(1);

    const second = agentCalling(
      redis,
      [
        { name: 'rate', args: { to: 'USD', from: 'EUR' } },
        { name: 'clock', args: {} },
        { name: 'rate', args: { from: 'USD', to: 'EUR' } },
      ],
      shared,
    );
    const result = await second.agent.invoke({ messages: [new HumanMessage('Again?')] });
    // The same rate was served; another pair ran; the clock, not listed, ran again.
    expect(shared.rate).toHaveBeenCalledTimes(2);
    expect(shared.clock).toHaveBeenCalledTimes(2);
    const [served, clock, other] = toolMessages(result);
    expect(served).toMatchObject({
      content: '1 EUR = 0.9 USD',
      tool_call_id: 'call-0',
      name: 'rate',
    });
    expect(served?.response_metadata.cache).toEqual({ hit: true, source: 'exact' });
    expect(clock?.response_metadata.cache).toBeUndefined();
    expect(other?.content).toBe('1 USD = 0.9 EUR');
    expect(second.middleware.stats()).toEqual({ hits: 1, misses: 1, stored: 1 });
  });

  test("a result lives for its tool's ttl; errors are never cached", async ({ redis }) => {
    const shared = tools();
    const call = [{ name: 'rate', args: { from: 'GBP', to: 'JPY' } }];
    await agentCalling(redis, call, shared, { ttl: 0.3 }).agent.invoke({
      messages: [new HumanMessage('Rate?')],
    });
    await agentCalling(redis, call, shared, { ttl: 0.3 }).agent.invoke({
      messages: [new HumanMessage('Rate?')],
    });
    expect(shared.rate).toHaveBeenCalledTimes(1);
    await sleep(450);
    await agentCalling(redis, call, shared, { ttl: 0.3 }).agent.invoke({
      messages: [new HumanMessage('Rate?')],
    });
    expect(shared.rate).toHaveBeenCalledTimes(2);

    for (let round = 0; round < 2; round++) {
      const { agent } = agentCalling(redis, [{ name: 'flaky', args: {} }], shared);
      await agent.invoke({ messages: [new HumanMessage('Flaky?')] }).catch(() => undefined);
    }
    expect(shared.flaky).toHaveBeenCalledTimes(2);
  });

  test('results stay within their scope', async ({ redis }) => {
    const shared = tools();
    const call = [{ name: 'rate', args: { from: 'CHF', to: 'EUR' } }];
    const run = (user: string) =>
      agentCalling(redis, call, shared, { context: true }).agent.invoke(
        { messages: [new HumanMessage('Rate?')] },
        { context: { user } },
      );
    await run('ann');
    await run('bob');
    expect(shared.rate).toHaveBeenCalledTimes(2);
    await run('ann');
    expect(shared.rate).toHaveBeenCalledTimes(2);
  });

  test('checks its options, and writes arguments canonically', ({ redis }) => {
    expect(() => toolCacheMiddleware(cacheFor(redis), { tools: { rate: { ttl: -1 } } })).toThrow(
      /tools\.rate\.ttl/,
    );
    expect(() => toolCacheMiddleware(cacheFor(redis), {} as never)).toThrow(/`tools`/);
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: 'x  y' } })).toBe(
      '{"a":{"c":"x  y","d":[1,{"e":3,"f":2}]},"b":1}',
    );
  });
});
