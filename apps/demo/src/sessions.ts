import type { BaseMessage } from '@langchain/core/messages';
import { RedisChatSessions } from '@x/chat-history';
import type { RedisClientOrCluster } from '@x/redis-core';
import { type AnswerDetails, type ChatService, isSessionId } from './chat-service.js';

/** A message as the page shows it. */
export interface ChatEntry {
  role: 'user' | 'assistant';
  text: string;
  /** For an answer: where it came from, how long it took, its passages. */
  details: AnswerDetails | null;
}

/** A session in the page's list. */
export interface SessionSummary {
  id: string;
  /** Its first question. */
  title: string;
  messages: number;
  /** When its last answer was given (ISO 8601), or `null`. */
  updatedAt: string | null;
}

/** The page lists at most this many sessions (reading each costs a round trip). */
const MAX_SESSIONS = 50;

function toEntry(message: BaseMessage): ChatEntry {
  const role = message.getType() === 'human' ? 'user' : 'assistant';
  const metadata = message.response_metadata as Record<string, unknown> | undefined;
  const details = (metadata?.demo as AnswerDetails | undefined) ?? null;
  return { role, text: message.text, details: role === 'assistant' ? details : null };
}

/** The sessions of the chat histories, newest first, and each one's messages. */
export class SessionDirectory {
  readonly #sessions: RedisChatSessions;
  readonly #chat: ChatService;

  constructor(client: RedisClientOrCluster, historyPrefix: string, chat: ChatService) {
    this.#sessions = new RedisChatSessions({ client, prefix: historyPrefix });
    this.#chat = chat;
  }

  async messages(sessionId: string): Promise<ChatEntry[]> {
    return (await this.#chat.history(sessionId).getMessages()).map(toEntry);
  }

  async list(): Promise<SessionSummary[]> {
    const ids: string[] = [];
    for await (const id of this.#sessions.list()) {
      // Only the demo writes under its prefix, but a hand-made key must not break the list.
      if (!isSessionId(id)) continue;
      ids.push(id);
      if (ids.length === MAX_SESSIONS) break;
    }
    const summaries = await Promise.all(
      ids.map(async (id): Promise<SessionSummary> => {
        const entries = await this.messages(id);
        const last = entries.findLast((entry) => entry.details !== null);
        return {
          id,
          title: entries[0]?.text.slice(0, 80) ?? '(empty)',
          messages: entries.length,
          updatedAt: last?.details?.at ?? null,
        };
      }),
    );
    return summaries.sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  }
}
