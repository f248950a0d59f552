import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { redisTest as test } from '@x/test-utils';
import { createAgent, fakeModel, tool } from 'langchain';
import { describe, expect, vi } from 'vitest';
import { z } from 'zod';
import { cacheFor } from '../test/test-helpers.js';
import { cacheMiddleware } from './agents.js';

const weather = vi.fn(async ({ city }: { city: string }) => `It is sunny in ${city}.`);
const weatherTool = tool(weather, {
  name: 'weather',
  description: 'The weather in a city',
  schema: z.object({ city: z.string() }),
});
const ask = (text: string) => ({ messages: [new HumanMessage(text)] });
const lastOf = (result: { messages: unknown[] }) => result.messages.at(-1) as AIMessage;

describe('cacheMiddleware (exact) in createAgent', () => {
  test('serves a repeated final answer from Redis without a model call, marked and free', async ({
    redis,
  }) => {
    const first = fakeModel().respond(
      new AIMessage({
        content: 'Paris.',
        usage_metadata: {
          input_tokens: 12,
          output_tokens: 3,
          total_tokens: 15,
        },
      }),
    );
    const writer = createAgent({ model: first, middleware: [cacheMiddleware(cacheFor(redis))] });
    expect(lastOf(await writer.invoke(ask('Capital of France?'))).content).toBe('Paris.');

    // Another process: a new cache object and a model that would answer otherwise.
    const second = fakeModel().respond(new AIMessage('not from the cache'));
    const middleware = cacheMiddleware(cacheFor(redis));
    const reader = createAgent({ model: second, middleware: [middleware] });
    const served = lastOf(await reader.invoke(ask('Capital of France?')));
    expect(served.content).toBe('Paris.');
    expect(served.response_metadata.cache).toMatchObject({ hit: true, source: 'exact' });
    expect(served.usage_metadata).toEqual({ input_tokens: 0, output_tokens: 0, total_tokens: 0 });
    expect(second.calls).toHaveLength(0);
    expect(middleware.stats()).toMatchObject({
      hits: 1,
      misses: 0,
      tokensSaved: { input: 12, output: 3, total: 15 },
    });
    expect(middleware.stats().timeSavedMs).toBeGreaterThanOrEqual(0);
    // Another question is no hit.
    expect(lastOf(await reader.invoke(ask('Capital of Spain?'))).content).toBe(
      'not from the cache',
    );
  });

  test('never serves nor stores a turn that calls tools, nor one after tool results', async ({
    redis,
  }) => {
    weather.mockClear();
    const run = async () => {
      const model = fakeModel()
        .respondWithTools([{ name: 'weather', args: { city: 'Oslo' }, id: 'call-1' }])
        .respond(new AIMessage('Sunny in Oslo.'));
      const middleware = cacheMiddleware(cacheFor(redis));
      const agent = createAgent({ model, tools: [weatherTool], middleware: [middleware] });
      const result = await agent.invoke(ask('Weather in Oslo?'));
      return { result, model, middleware };
    };
    const first = await run();
    expect(lastOf(first.result).content).toBe('Sunny in Oslo.');
    const again = await run();
    // The tool ran again: the turn that called it was not served.
    expect(weather).toHaveBeenCalledTimes(2);
    expect(again.model.calls).toHaveLength(2);
    expect(again.middleware.stats()).toMatchObject({ hits: 0, misses: 1, bypassed: 1, stored: 0 });
  });

  test('with afterToolResults, the answer that follows the same tool results is served', async ({
    redis,
  }) => {
    weather.mockClear();
    const run = async (id: string) => {
      const model = fakeModel()
        .respondWithTools([{ name: 'weather', args: { city: 'Rome' }, id }])
        .respond(new AIMessage('Sunny in Rome.'));
      const middleware = cacheMiddleware(cacheFor(redis), { afterToolResults: true });
      const agent = createAgent({ model, tools: [weatherTool], middleware: [middleware] });
      const result = await agent.invoke(ask('Weather in Rome?'));
      return { result, model, middleware };
    };
    await run('call-a');
    const again = await run('call-b');
    // The turn that calls the tool reaches the model; the answer after its result does not.
    expect(weather).toHaveBeenCalledTimes(2);
    expect(again.model.calls).toHaveLength(1);
    expect(lastOf(again.result).content).toBe('Sunny in Rome.');
    expect(lastOf(again.result).response_metadata.cache).toMatchObject({ hit: true });
  });

  test('an answer never crosses tools or system prompts', async ({ redis }) => {
    const store = createAgent({
      model: fakeModel().respond(new AIMessage('Plain answer.')),
      middleware: [cacheMiddleware(cacheFor(redis))],
    });
    await store.invoke(ask('Summarize the plan.'));
    const withPrompt = createAgent({
      model: fakeModel().respond(new AIMessage('Pirate answer.')),
      systemPrompt: 'Answer like a pirate.',
      middleware: [cacheMiddleware(cacheFor(redis))],
    });
    expect(lastOf(await withPrompt.invoke(ask('Summarize the plan.'))).content).toBe(
      'Pirate answer.',
    );
    const withTools = createAgent({
      model: fakeModel().respond(new AIMessage('Tool-aware answer.')),
      tools: [weatherTool],
      middleware: [cacheMiddleware(cacheFor(redis))],
    });
    expect(lastOf(await withTools.invoke(ask('Summarize the plan.'))).content).toBe(
      'Tool-aware answer.',
    );
  });

  test("one user's answer is never served to another; no scope, no cache", async ({ redis }) => {
    const scope = (runtime: { context?: unknown }) => {
      const user = (runtime.context as { userId?: string } | undefined)?.userId;
      return user === undefined ? undefined : { user };
    };
    const agentAnswering = (text: string) => {
      const middleware = cacheMiddleware(cacheFor(redis), { scope });
      const model = fakeModel().respond(new AIMessage(text));
      return { agent: createAgent({ model, middleware: [middleware] }), model, middleware };
    };
    const ann = agentAnswering('For Ann.');
    await ann.agent.invoke(ask('My balance?'), { context: { userId: 'ann' } });
    const bob = agentAnswering('For Bob.');
    const forBob = await bob.agent.invoke(ask('My balance?'), { context: { userId: 'bob' } });
    expect(lastOf(forBob).content).toBe('For Bob.');
    const annAgain = agentAnswering('unused');
    const forAnn = await annAgain.agent.invoke(ask('My balance?'), { context: { userId: 'ann' } });
    expect(lastOf(forAnn).content).toBe('For Ann.');
    const nobody = agentAnswering('Uncached.');
    expect(lastOf(await nobody.agent.invoke(ask('My balance?'))).content).toBe('Uncached.');
    expect(nobody.middleware.stats()).toMatchObject({ bypassed: 1, stored: 0 });
    // A scope function that throws (no context at all) leaves the call uncached, not failed.
    const strict = cacheMiddleware(cacheFor(redis), {
      scope: (runtime) => ({ user: (runtime.context as { userId: string }).userId }),
    });
    const model = fakeModel().respond(new AIMessage('Still answered.'));
    const agent = createAgent({ model, middleware: [strict] });
    expect(lastOf(await agent.invoke(ask('My balance?'))).content).toBe('Still answered.');
    expect(strict.stats()).toMatchObject({ bypassed: 1, stored: 0 });
  });

  test('checks its options', ({ redis }) => {
    expect(() => cacheMiddleware(cacheFor(redis), { scope: 'user' as never })).toThrow(
      /`scope` must be a function/,
    );
    expect(() => cacheMiddleware(cacheFor(redis), { history: -1 })).toThrow(/`history`/);
  });
});
