import { type BaseMessage, isBaseMessage } from '@langchain/core/messages';
import { deserializeMessage, InvalidArgumentError, replyToString } from '@x/redis-core';
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
 * Reads list entries back into messages, oldest first.
 *
 * @throws {CorruptMessageError} for the first entry that is not a stored message, naming its
 *   session and position.
 */
export function decodeEntries(entries: readonly unknown[], source: EntrySource): BaseMessage[] {
  return entries.map((entry, index) => {
    try {
      const text = replyToString(entry);
      if (text === undefined) throw new TypeError('the entry is not a string');
      return deserializeMessage(text);
    } catch (error) {
      // Any error, not only SerializationError: LangChain's own mapping throws plain errors
      // for stored messages it cannot build (a tool message without its tool_call_id).
      throw new CorruptMessageError(source.sessionId, source.key, source.firstPosition + index, {
        cause: error,
      });
    }
  });
}
