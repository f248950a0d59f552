import { AIMessage, HumanMessage } from '@langchain/core/messages';
import {
  Annotation,
  Command,
  END,
  interrupt,
  type LangGraphRunnableConfig,
  START,
  StateGraph,
} from '@langchain/langgraph';
import { redisTest } from '@x/test-utils';
import { createAgent, fakeModel, tool } from 'langchain';
import { describe, expect } from 'vitest';
import { z } from 'zod';
import { RedisSaver } from './redis-saver.js';
import { RedisStore } from './redis-store.js';

// Each "process" below builds its model, saver and agent anew: only Redis carries the thread
// from one to the next, as it would across a restart.

const weather = tool(async ({ city }: { city: string }) => `It is sunny in ${city}.`, {
  name: 'weather',
  description: 'The weather in a city',
  schema: z.object({ city: z.string() }),
});

describe('RedisSaver with LangGraph', () => {
  redisTest(
    'an agent made by createAgent resumes its thread after a restart',
    async ({ redis }) => {
      const config = { configurable: { thread_id: 'user-42' } };
      const saver = () => new RedisSaver({ client: redis.client, prefix: redis.prefix });

      const firstModel = fakeModel()
        .respondWithTools([{ name: 'weather', args: { city: 'Paris' }, id: 'call-1' }])
        .respond(new AIMessage('It is sunny in Paris.'));
      const first = createAgent({ model: firstModel, tools: [weather], checkpointer: saver() });
      await first.invoke({ messages: [new HumanMessage('Weather in Paris?')] }, config);

      const secondModel = fakeModel().respond(new AIMessage('You asked about Paris.'));
      const second = createAgent({ model: secondModel, tools: [weather], checkpointer: saver() });
      const result = await second.invoke(
        { messages: [new HumanMessage('Which city did I ask about?')] },
        config,
      );
      expect(result.messages.map((message) => message.type)).toEqual([
        'human',
        'ai',
        'tool',
        'ai',
        'human',
        'ai',
      ]);
      // The model of the second process saw the whole thread, read back from Redis.
      const seen = secondModel.calls[0]?.messages ?? [];
      expect(seen.map((message) => message.type)).toEqual(['human', 'ai', 'tool', 'ai', 'human']);
      expect(seen[2]?.content).toBe('It is sunny in Paris.');
      expect((seen[1] as AIMessage).tool_calls?.[0]).toMatchObject({
        name: 'weather',
        args: { city: 'Paris' },
      });

      const graph = second.graph;
      const state = await graph.getState(config);
      expect((state.values as { messages: unknown[] }).messages).toHaveLength(6);
      const history = [];
      for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
      expect(history.length).toBeGreaterThanOrEqual(6);
      // Newest first, each one's parent the next.
      for (const [position, snapshot] of history.slice(0, -1).entries()) {
        expect(snapshot.parentConfig?.configurable?.checkpoint_id).toBe(
          history[position + 1]?.config.configurable?.checkpoint_id,
        );
      }
      await graph.updateState(config, { messages: [new AIMessage('An edit by a person.')] });
      const edited = await saver().getTuple(config);
      const messages = edited?.checkpoint.channel_values.messages as AIMessage[];
      expect(messages.at(-1)?.content).toBe('An edit by a person.');
    },
  );

  redisTest('an interrupt waits in Redis and resumes in another process', async ({ redis }) => {
    const config = { configurable: { thread_id: 'refund-7' } };
    const State = Annotation.Root({
      request: Annotation<string>(),
      decision: Annotation<string>(),
    });
    const build = () =>
      new StateGraph(State)
        .addNode('approve', (state) => ({ decision: interrupt(`approve ${state.request}?`) }))
        .addEdge(START, 'approve')
        .addEdge('approve', END)
        .compile({ checkpointer: new RedisSaver({ client: redis.client, prefix: redis.prefix }) });

    const paused = (await build().invoke({ request: 'a refund' }, config)) as {
      __interrupt__?: { value: unknown }[];
    };
    expect(paused.__interrupt__?.[0]?.value).toBe('approve a refund?');
    expect((await build().getState(config)).next).toEqual(['approve']);

    const resumed = await build().invoke(new Command({ resume: 'approved' }), config);
    expect(resumed).toMatchObject({ request: 'a refund', decision: 'approved' });
    expect((await build().getState(config)).next).toEqual([]);
  });

  redisTest(
    'a graph remembers across threads and restarts through the store',
    async ({ redis }) => {
      const State = Annotation.Root({
        fact: Annotation<string>(),
        recalled: Annotation<string[]>(),
      });
      const namespace = ['users', '42', 'facts'];
      const build = () =>
        new StateGraph(State)
          .addNode('remember', async (state, config: LangGraphRunnableConfig) => {
            const store = config.store;
            if (!store) throw new Error('the graph was compiled without a store');
            if (state.fact) await store.put(namespace, state.fact, { text: state.fact });
            const found = await store.search(namespace);
            return { recalled: found.map((item) => String(item.value.text)) };
          })
          .addEdge(START, 'remember')
          .addEdge('remember', END)
          .compile({
            checkpointer: new RedisSaver({ client: redis.client, prefix: redis.prefix }),
            store: new RedisStore({ client: redis.client, prefix: `${redis.prefix}:store` }),
          });

      await build().invoke({ fact: 'likes green tea' }, { configurable: { thread_id: 'monday' } });
      const later = await build().invoke({ fact: '' }, { configurable: { thread_id: 'friday' } });
      expect(later.recalled).toEqual(['likes green tea']);
    },
  );
});
