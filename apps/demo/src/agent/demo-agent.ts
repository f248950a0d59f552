import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { RedisSaver, RedisStore } from '@x/langgraph';
import type { RedisClientOrCluster } from '@x/redis-core';
import type { RedisSemanticCache } from '@x/semantic-cache';
import {
  cacheMiddleware,
  type ModelCacheStats,
  type ServedFromCache,
} from '@x/semantic-cache/agents';
import { createAgent } from 'langchain';
import { checkSessionId } from '../chat-service.js';
import { DemoError } from '../demo-error.js';
import type { Retrieval } from '../retrieval.js';
import type { SessionSummary } from '../sessions.js';
import { createAgentTools, MEMORY_NAMESPACE } from './agent-tools.js';

/** What the page shows under an answer of the agent. */
export interface AgentDetails {
  source: 'agent';
  /** The tools the agent called for this answer, in order. */
  tools: string[];
  /** Time from the question to the answer, in milliseconds (`null` when read back later). */
  ms: number | null;
  /** When the answer came from the agent's cache: which one, and how far its question was. */
  cache: { source: ServedFromCache['source']; distance: number | null } | null;
}

/** A message of an agent thread as the page shows it. */
export interface AgentEntry {
  role: 'user' | 'assistant';
  text: string;
  details: AgentDetails | null;
}

/** What {@link DemoAgent.askStreamed} yields: pieces of the answer, then the answer. */
export type AgentStreamEvent =
  | { type: 'token'; text: string }
  | { type: 'done'; answer: string; details: AgentDetails };

/** Something the agent remembers. */
export interface Memory {
  text: string;
  at: string;
}

/** Options of {@link DemoAgent.open}. */
export interface DemoAgentOptions {
  client: RedisClientOrCluster;
  /**
   * The start of the agent's keys: `<prefix>:graph` (threads), `<prefix>:threads` (their list),
   * `<prefix>:memory:<embeddingsId>` (memories).
   */
  prefix: string;
  model: BaseChatModel;
  embeddings: EmbeddingsInterface;
  /** Names the embeddings in the memories' keys: vectors of different models never mix. */
  embeddingsId: string;
  retrieval: Retrieval;
  /**
   * Caches the agent's answers (`cacheMiddleware` of `@x/semantic-cache/agents`): an answer
   * written after the same tool results for a near question is served without the model.
   */
  answerCache?: RedisSemanticCache;
}

const SYSTEM_PROMPT =
  'You are the assistant of a demo of Redis memory for LangChain.js. For questions about the ' +
  'packages, call search_docs and answer from its passages, citing them as [1], [2]. When the ' +
  'person tells you something about themselves, call remember. For questions about them, call ' +
  'recall. Answer briefly.';

/** The threads the page lists: a namespace of a store of their own, one item per thread. */
const THREADS_NAMESPACE = ['demo', 'agent-threads'];
const MAX_THREADS = 50;

/**
 * The demo's agent: `createAgent` with the documents and a long-term memory as tools, its
 * threads in `RedisSaver` (a conversation continues after a restart) and its memories in
 * `RedisStore` with semantic search (what one thread was told, every thread can recall).
 */
export class DemoAgent {
  readonly #agent: ReturnType<typeof createAgent>;
  readonly #memories: RedisStore;
  readonly #threads: RedisStore;
  readonly #cacheStats: () => ModelCacheStats | null;

  private constructor(
    agent: ReturnType<typeof createAgent>,
    memories: RedisStore,
    threads: RedisStore,
    cacheStats: () => ModelCacheStats | null,
  ) {
    this.#agent = agent;
    this.#memories = memories;
    this.#threads = threads;
    this.#cacheStats = cacheStats;
  }

  /** Builds the agent; embeds one text to learn the embeddings' dimension. */
  static async open(options: DemoAgentOptions): Promise<DemoAgent> {
    const { client, prefix, embeddings } = options;
    const dims = (await embeddings.embedQuery('dimensions')).length;
    const store = new RedisStore({
      client,
      prefix: `${prefix}:memory:${options.embeddingsId}`,
      index: { dims, embeddings, fields: ['text'] },
    });
    // The question decides with what the tools returned for it (not the thread before it):
    // the same question, answered from the same passages or memories, in any thread.
    const answers = options.answerCache
      ? cacheMiddleware(options.answerCache, { afterToolResults: true, history: 0 })
      : undefined;
    const agent = createAgent({
      model: options.model,
      tools: createAgentTools(options.retrieval, store),
      systemPrompt: SYSTEM_PROMPT,
      checkpointer: new RedisSaver({ client, prefix: `${prefix}:graph` }),
      store,
      middleware: answers ? [answers] : [],
    });
    const threads = new RedisStore({ client, prefix: `${prefix}:threads` });
    return new DemoAgent(agent, store, threads, () => answers?.stats() ?? null);
  }

  /** What the agent's answer cache has done since the server started; `null` without one. */
  cacheStats(): ModelCacheStats | null {
    return this.#cacheStats();
  }

  /** Answers `message` in the thread `threadId`, which continues where it stopped. */
  async ask(
    threadId: string,
    message: unknown,
  ): Promise<{ answer: string; details: AgentDetails }> {
    const question = checkQuestion(threadId, message);
    const started = performance.now();
    const config = { configurable: { thread_id: threadId } };
    const result = await this.#agent.invoke({ messages: [new HumanMessage(question)] }, config);
    return this.#answered(threadId, question, result.messages as BaseMessage[], started);
  }

  /**
   * Answers as {@link ask} does, streamed: a `token` for each piece of the answer as the model
   * writes it (or as the agent's cache replays it, word by word), then `done` with the answer
   * and its details. Tool calls are not streamed: the answer that follows them is.
   */
  async *askStreamed(threadId: string, message: unknown): AsyncGenerator<AgentStreamEvent> {
    const question = checkQuestion(threadId, message);
    const started = performance.now();
    const config = { configurable: { thread_id: threadId }, streamMode: 'messages' as const };
    const stream = await this.#agent.stream({ messages: [new HumanMessage(question)] }, config);
    for await (const [chunk] of stream as AsyncIterable<[BaseMessage, unknown]>) {
      // Only what the model (or the cache standing in for it) writes: not the tools' results.
      if (chunk.getType() !== 'ai' || typeof chunk.content !== 'string' || chunk.content === '') {
        continue;
      }
      yield { type: 'token', text: chunk.content };
    }
    const messages = await this.#messages(threadId);
    yield { type: 'done', ...(await this.#answered(threadId, question, messages, started)) };
  }

  /** The answer to the thread's last question, once the thread is listed with its length. */
  async #answered(
    threadId: string,
    question: string,
    messages: BaseMessage[],
    started: number,
  ): Promise<{ answer: string; details: AgentDetails }> {
    // The thread as it stands now: this answer is what follows its last question.
    const asked = messages.findLastIndex((m) => m.getType() === 'human');
    const added = messages.slice(asked);
    const [entry] = toEntries(added)
      .filter((e) => e.role === 'assistant')
      .slice(-1);
    const first = messages.find((m) => m.getType() === 'human')?.text ?? question;
    // The list of threads keeps each one's title and length: listing reads no thread.
    const length = toEntries(messages).length;
    await this.#threads.put(THREADS_NAMESPACE, threadId, { title: first.slice(0, 80), length });
    return {
      answer: entry?.text ?? '',
      details: {
        source: 'agent',
        tools: entry?.details?.tools ?? [],
        ms: performance.now() - started,
        cache: entry?.details?.cache ?? null,
      },
    };
  }

  /** The thread's messages, as the page shows them. */
  async messages(threadId: string): Promise<AgentEntry[]> {
    return toEntries(await this.#messages(checkSessionId(threadId)));
  }

  /** The threads, most recently used first. */
  async threads(): Promise<SessionSummary[]> {
    const items = await this.#threads.search(THREADS_NAMESPACE, { limit: MAX_THREADS });
    return items.map((item) => ({
      id: item.key,
      title: String(item.value.title),
      messages: Number(item.value.length),
      updatedAt: item.updatedAt.toISOString(),
    }));
  }

  /** What the agent remembers, newest first. */
  async memories(): Promise<Memory[]> {
    const items = await this.#memories.search(MEMORY_NAMESPACE, { limit: 100 });
    return items.map((item) => ({ text: String(item.value.text), at: String(item.value.at) }));
  }

  async #messages(threadId: string): Promise<BaseMessage[]> {
    const state = await this.#agent.graph.getState({ configurable: { thread_id: threadId } });
    return ((state.values as { messages?: BaseMessage[] }).messages ?? []) as BaseMessage[];
  }
}

/** The question of a request, checked, with its thread id. */
function checkQuestion(threadId: string, message: unknown): string {
  checkSessionId(threadId);
  if (typeof message !== 'string' || message.trim() === '') {
    throw new DemoError(400, 'empty-message', 'The message is empty: type a question first.');
  }
  return message.trim();
}

/**
 * The messages a person sees: their questions, and the agent's answers, each with the tools
 * called since the question (the tool calls and results themselves are folded away).
 */
function toEntries(messages: readonly BaseMessage[]): AgentEntry[] {
  const entries: AgentEntry[] = [];
  let tools: string[] = [];
  for (const message of messages) {
    const type = message.getType();
    if (type === 'human') {
      entries.push({ role: 'user', text: message.text, details: null });
      tools = [];
    } else if (type === 'ai') {
      const calls = (message as { tool_calls?: { name: string }[] }).tool_calls ?? [];
      if (calls.length > 0) tools.push(...calls.map((call) => call.name));
      else
        entries.push({
          role: 'assistant',
          text: message.text,
          details: { source: 'agent', tools, ms: null, cache: servedFrom(message) },
        });
    }
  }
  return entries;
}

/** Where an answer of the agent's cache came from, from its marker; `null` for the model's. */
function servedFrom(message: BaseMessage): AgentDetails['cache'] {
  const metadata = message.response_metadata as { cache?: ServedFromCache } | undefined;
  const marker = metadata?.cache;
  if (marker?.hit !== true) return null;
  return { source: marker.source, distance: marker.distance ?? null };
}
