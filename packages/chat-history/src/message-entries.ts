import {
  type BaseMessage,
  isBaseMessage,
  mapStoredMessagesToChatMessages,
  type StoredMessage,
} from '@langchain/core/messages';
import { InvalidArgumentError } from '@x/redis-core';
import { replyToString, storedToMessage } from '@x/redis-core/internal';
import { CorruptMessageError } from './corrupt-message-error.js';
import { messageText } from './message-text.js';

/**
 * Serializes every message before anything is sent, so that one message that cannot be stored
 * leaves the session as it was.
 *
 * @throws {InvalidArgumentError} when `messages` is not an array of LangChain messages.
 * @throws {SerializationError} when a message holds something JSON cannot express.
 */
export function encodeMessages(messages: unknown): string[] {
  if (!Array.isArray(messages)) {
    throw new InvalidArgumentError('`messages` must be an array of LangChain messages');
  }
  return messages.map((message: unknown, index) => {
    if (!isBaseMessage(message)) {
      throw new InvalidArgumentError(
        `messages[${index}] is not a LangChain message (a HumanMessage, AIMessage, ...)`,
      );
    }
    return messageText(message);
  });
}

/** Where decoded entries came from, for the error that names a damaged one. */
export interface EntrySource {
  sessionId: string;
  key: string;
  /** The `LINDEX` position of the first entry: 0, or `-entries.length` for a tail read. */
  firstPosition: number;
}

/**
 * Reads the entries of an LRANGE reply back into messages, oldest first, leaving the entries as
 * they are.
 *
 * @throws {CorruptMessageError} for the first entry that is not a stored message, naming its
 *   session and position.
 */
export function decodeEntries(reply: unknown, source: EntrySource): BaseMessage[] {
  // LRANGE answers an array, empty for a missing key.
  const entries: readonly unknown[] = Array.isArray(reply) ? reply : [];
  const stored: StoredMessage[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    let value: unknown;
    try {
      value = JSON.parse(typeof entry === 'string' ? entry : (replyToString(entry) ?? ''));
    } catch (error) {
      throw corrupt(source, index, error);
    }
    if (!isStoredMessage(value)) {
      throw corrupt(source, index, new TypeError('the entry is not a stored LangChain message'));
    }
    stored.push(value);
  }
  try {
    // One call for the whole list: per entry, it costs a tenth more on long sessions.
    return mapStoredMessagesToChatMessages(stored);
  } catch {
    // LangChain refuses some well-formed entries (a tool message without its tool_call_id):
    // build them one by one to name the entry.
    return stored.map((value, index) => {
      try {
        return storedToMessage(value);
      } catch (error) {
        throw corrupt(source, index, error);
      }
    });
  }
}

/**
 * The shape `storedToMessage` of @x/redis-core checks, checked here for all entries before
 * LangChain builds them in one call.
 */
function isStoredMessage(value: unknown): value is StoredMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, data } = value as { type?: unknown; data?: unknown };
  if (typeof type !== 'string' || typeof data !== 'object' || data === null) return false;
  const { content } = data as { content?: unknown };
  return typeof content === 'string' || Array.isArray(content);
}

function corrupt(source: EntrySource, index: number, cause: unknown): CorruptMessageError {
  return new CorruptMessageError(source.sessionId, source.key, source.firstPosition + index, {
    cause,
  });
}
