import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { RedisChatMessageHistory } from '@x/chat-history';
import type { RedisClientOrCluster } from '@x/redis-core';
import { ANSWER_SOURCE, type AnswerCaches, type AnswerSource } from './answer-caches.js';
import { DemoError } from './demo-error.js';
import type { DemoStats } from './demo-stats.js';
import type { Models } from './models.js';
import { buildPrompt } from './prompt.js';
import type { Retrieval, RetrievedPassage } from './retrieval.js';

/** How many passages each question retrieves. */
const PASSAGES_PER_QUESTION = 4;

/** What the page shows beside an answer; kept with the answer in the chat history. */
export interface AnswerDetails {
  source: AnswerSource;
  /** The cached question's distance for a cache hit (0 for the exact cache), else `null`. */
  distance: number | null;
  /** The nearest cached question within the threshold (served, or refused by a verifier), if any. */
  nearestDistance: number | null;
  /** Time from the question to the answer, in milliseconds. */
  ms: number;
  /** The chat model that wrote the answer. */
  model: string;
  /** The `package` filter the question was asked with, or `null` for every document. */
  filter: string | null;
  /** The passages the answer was composed from (those of the original answer for a hit). */
  passages: RetrievedPassage[];
  /** When it was answered (ISO 8601). */
  at: string;
}

/** What a model answer keeps for the caches to hand back: how long it took, and its passages. */
interface AnswerOrigin {
  answerMs: number;
  passages: RetrievedPassage[];
}

/** A question in a session, as the API receives it. */
export interface AskInput {
  sessionId: string;
  message: string;
  /** A `package` to retrieve from; all documents when absent or empty. */
  filter?: string | null | undefined;
}

/** Options of {@link ChatService}. */
export interface ChatServiceOptions {
  client: RedisClientOrCluster;
  /** The key prefix of the chat histories. */
  historyPrefix: string;
  models: Models;
  caches: AnswerCaches;
  retrieval: Retrieval;
  /** The corpus version: part of what the cache keys depend on. */
  corpusVersion: string;
  stats: DemoStats;
  /** The longest message accepted, in characters. */
  maxMessageCharacters: number;
}

/** Whether `value` is a session id the page could have made: 1 to 64 of `A-Za-z0-9_-`. */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

/** Checks a session id from the page. @throws {DemoError} 400 */
export function checkSessionId(sessionId: unknown): string {
  if (!isSessionId(sessionId)) {
    throw new DemoError(400, 'bad-session', 'A session id is 1 to 64 letters, digits, "_" or "-".');
  }
  return sessionId;
}

/**
 * Answers questions: the exact cache, then the semantic cache, else retrieval and the model;
 * every question and answer goes into the session's history, which fails closed (when Redis
 * is away the request fails and the page says so, rather than losing the exchange silently).
 */
export class ChatService {
  readonly #options: ChatServiceOptions;

  constructor(options: ChatServiceOptions) {
    this.#options = options;
  }

  /** The history of one session. */
  history(sessionId: string): RedisChatMessageHistory {
    return new RedisChatMessageHistory({
      sessionId: checkSessionId(sessionId),
      client: this.#options.client,
      prefix: this.#options.historyPrefix,
      maxMessages: 500,
    });
  }

  /** @throws {DemoError} 400 for an empty message or a bad filter, 413 for a long one. */
  #checkInput(input: AskInput): { question: string; filter: string | null } {
    if (typeof input.message !== 'string' || input.message.trim() === '') {
      throw new DemoError(400, 'empty-message', 'The message is empty: type a question first.');
    }
    const question = input.message.trim();
    const limit = this.#options.maxMessageCharacters;
    if (question.length > limit) {
      throw new DemoError(
        413,
        'message-too-long',
        `The message has ${question.length.toLocaleString('en')} characters; the limit is ${limit.toLocaleString('en')}. Shorten it and send it again.`,
      );
    }
    const filter = input.filter || null;
    if (filter !== null && !this.#options.retrieval.packages.includes(filter)) {
      throw new DemoError(
        400,
        'bad-filter',
        `There is no document "${String(filter)}" to filter by.`,
      );
    }
    return { question, filter };
  }

  /** Answers `input.message` and appends both to the session's history. */
  async ask(input: AskInput): Promise<{ answer: string; details: AnswerDetails }> {
    const history = this.history(input.sessionId);
    const { question, filter } = this.#checkInput(input);
    const { caches, models, stats } = this.#options;
    const started = performance.now();
    const scope = JSON.stringify({
      model: models.info.chat,
      corpus: this.#options.corpusVersion,
      filter,
    });
    const { hit, nearestDistance } = await caches.lookup(question, scope);
    let message: AIMessage;
    let source: AnswerSource;
    if (hit) {
      message = hit.message;
      source = hit.source;
    } else {
      message = await this.#answer(question, filter);
      source = ANSWER_SOURCE.model;
      await caches.update(question, scope, message);
    }
    // An entry written by an older demo may lack the origin: it then counts as saving nothing.
    const origin = (message.response_metadata.origin as AnswerOrigin | undefined) ?? {
      answerMs: 0,
      passages: [],
    };
    const ms = performance.now() - started;
    stats.record(source, ms, origin.answerMs);
    const details: AnswerDetails = {
      source,
      distance: hit ? hit.distance : null,
      nearestDistance,
      ms,
      model: models.info.chat,
      filter,
      passages: origin.passages,
      at: new Date().toISOString(),
    };
    const answer = message.text;
    await history.addMessages([
      new HumanMessage(question),
      new AIMessage({ content: answer, response_metadata: { demo: details } }),
    ]);
    return { answer, details };
  }

  /** Retrieves the passages and asks the model; the answer carries its origin for the caches. */
  async #answer(question: string, filter: string | null): Promise<AIMessage> {
    const started = performance.now();
    const passages = await this.#options.retrieval.search(question, {
      k: PASSAGES_PER_QUESTION,
      package: filter ?? undefined,
    });
    const prompt = buildPrompt(
      question,
      passages.map((passage) => ({
        title: `${passage.package} › ${passage.section}`,
        text: passage.text,
      })),
    );
    const reply = await this.#options.models.chat.invoke(prompt);
    const origin: AnswerOrigin = { answerMs: performance.now() - started, passages };
    return new AIMessage({
      content: reply.text,
      response_metadata: { ...reply.response_metadata, origin },
    });
  }
}
