import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { redisTest } from '@x/test-utils';
import { createAgent, fakeModel } from 'langchain';
import { expect } from 'vitest';
import { atDistance, cacheFor, describeEachEngine, TableEmbeddings } from '../test/test-helpers.js';
import { cacheMiddleware, type ServedFromCache } from './agents.js';

const ask = (text: string) => ({ messages: [new HumanMessage(text)] });
const lastOf = (result: { messages: unknown[] }) => result.messages.at(-1) as AIMessage;

describeEachEngine('cacheMiddleware (semantic) in createAgent', (engine) => {
  redisTest(
    'serves a near question from Redis with its distance, within its scope and conversation',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({
        'What is the capital of France?': atDistance(0),
        'Capital of France?': atDistance(0.08),
        'What should I cook tonight?': atDistance(0.9),
      });
      const scope = (runtime: { context?: unknown }) => {
        const user = (runtime.context as { userId?: string } | undefined)?.userId;
        return user === undefined ? undefined : { user };
      };
      const agentFor = (answer: string) => {
        const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
        const middleware = cacheMiddleware(cache, { scope });
        const model = fakeModel().respond(new AIMessage(answer));
        return { agent: createAgent({ model, middleware: [middleware] }), model, middleware };
      };
      const ann = { context: { userId: 'ann' } };
      await agentFor('Paris.').agent.invoke(ask('What is the capital of France?'), ann);

      const reader = agentFor('not from the cache');
      const served = lastOf(await reader.agent.invoke(ask('Capital of France?'), ann));
      expect(served.content).toBe('Paris.');
      const marker = served.response_metadata.cache as ServedFromCache;
      expect(marker).toMatchObject({ hit: true, source: 'semantic' });
      expect(marker.distance).toBeCloseTo(0.08, 4);
      expect(reader.model.calls).toHaveLength(0);
      expect(reader.middleware.stats()).toMatchObject({ hits: 1, misses: 0 });

      // Another user, or the same question later in another conversation: the model answers.
      const bob = agentFor('For Bob.');
      const forBob = await bob.agent.invoke(ask('Capital of France?'), {
        context: { userId: 'bob' },
      });
      expect(lastOf(forBob).content).toBe('For Bob.');
      const later = agentFor('In context.');
      const conversation = {
        messages: [
          new HumanMessage('What should I cook tonight?'),
          new AIMessage('Ratatouille.'),
          new HumanMessage('Capital of France?'),
        ],
      };
      expect(lastOf(await later.agent.invoke(conversation, ann)).content).toBe('In context.');
      // With no history kept, the question alone decides.
      const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
      const forgetful = cacheMiddleware(cache, { scope, history: 0 });
      const model = fakeModel().respond(new AIMessage('unused'));
      const agent = createAgent({ model, middleware: [forgetful] });
      expect(lastOf(await agent.invoke(conversation, ann)).content).toBe('Paris.');
    },
  );
});
