import { randomUUID } from 'node:crypto';
import { tool } from '@langchain/core/tools';
import type { RedisStore } from '@x/langgraph';
import { z } from 'zod';
import type { Retrieval } from '../retrieval.js';

/** The names of the agent's tools. */
export const AGENT_TOOL = {
  searchDocs: 'search_docs',
  remember: 'remember',
  recall: 'recall',
} as const;

/** Where the agent keeps what it was told: one person uses the demo, so one namespace. */
export const MEMORY_NAMESPACE = ['people', 'local', 'memories'];

/** A memory at least this similar to the question is worth repeating. */
const RECALL_MIN_SCORE = 0.3;

/**
 * The agent's tools: the documents (the demo's vector store), and a long-term memory in the
 * store that every thread shares, so that what one conversation was told, the next one knows.
 */
export function createAgentTools(retrieval: Retrieval, store: RedisStore) {
  const searchDocs = tool(
    async ({ query }) => {
      const passages = await retrieval.search(query, { k: 4 });
      if (passages.length === 0) return 'No passage of the documents is about that.';
      return passages
        .map(({ package: name, section, text }, i) => `[${i + 1}] ${name} › ${section}\n${text}`)
        .join('\n\n');
    },
    {
      name: AGENT_TOOL.searchDocs,
      description:
        'Searches the documentation of the @x Redis packages for LangChain.js; returns numbered passages.',
      schema: z.object({ query: z.string().describe('What to look for') }),
    },
  );
  const remember = tool(
    async ({ fact }) => {
      await store.put(MEMORY_NAMESPACE, randomUUID(), { text: fact, at: new Date().toISOString() });
      return `I will remember: ${fact}`;
    },
    {
      name: AGENT_TOOL.remember,
      description: 'Keeps a fact about the person for later conversations.',
      schema: z.object({ fact: z.string().describe('The fact, as a short sentence') }),
    },
  );
  const recall = tool(
    async ({ query }) => {
      const found = await store.search(MEMORY_NAMESPACE, { query, limit: 3 });
      const relevant = found.filter((item) => (item.score ?? 0) >= RECALL_MIN_SCORE);
      if (relevant.length === 0) return 'I do not remember anything about that yet.';
      return `You told me: ${relevant.map((item) => String(item.value.text)).join('; ')}.`;
    },
    {
      name: AGENT_TOOL.recall,
      description: 'Finds what the person told you before, in any conversation.',
      schema: z.object({ query: z.string().describe('What to remember') }),
    },
  );
  return [searchDocs, remember, recall];
}
