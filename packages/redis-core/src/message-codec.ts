import {
  type BaseMessage,
  mapChatMessagesToStoredMessages,
  mapStoredMessagesToChatMessages,
  type StoredMessage,
} from '@langchain/core/messages';
import { SerializationError } from './errors.js';

function stringify(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new SerializationError(`${what} cannot be stored: it is not JSON-serializable`, {
      cause: error,
    });
  }
  if (text === undefined) throw new SerializationError(`${what} cannot be stored as JSON`);
  return text;
}

/** Whether a parsed value has the shape of a LangChain `StoredMessage`. */
function isStoredMessage(value: unknown): value is StoredMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, data } = value as { type?: unknown; data?: unknown };
  if (typeof type !== 'string' || typeof data !== 'object' || data === null) return false;
  const { content } = data as { content?: unknown };
  return typeof content === 'string' || Array.isArray(content);
}

/** How LangChain marks user data that could pass for one of its serialized objects. */
const ESCAPED_KEY = '__lc_escaped__';

/**
 * Undoes LangChain's escaping of stored message data: when it stores a message, every object
 * holding an `lc` key (or that is itself `{ __lc_escaped__: ... }`) becomes
 * `{ __lc_escaped__: object }`; reading it back does not unwrap them, so without this they came
 * back wrapped, and wrapped once more on every further round trip.
 */
function unescapeStored(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unescapeStored);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === ESCAPED_KEY) {
    return (value as Record<string, unknown>)[ESCAPED_KEY];
  }
  return Object.fromEntries(
    keys.map((key) => [key, unescapeStored((value as Record<string, unknown>)[key])]),
  );
}

/** A message as a plain JSON-ready object, with every field LangChain knows kept. */
export function messageToStored(message: BaseMessage): StoredMessage {
  const [stored] = mapChatMessagesToStoredMessages([message]);
  if (!stored) throw new SerializationError('the message cannot be stored');
  return stored;
}

/**
 * Reads back what {@link messageToStored} wrote.
 *
 * @throws {SerializationError} when `value` is not a stored message.
 */
export function storedToMessage(value: unknown): BaseMessage {
  if (!isStoredMessage(value)) {
    throw new SerializationError('the value is not a stored LangChain message');
  }
  let message: BaseMessage | undefined;
  try {
    const data = unescapeStored(value.data) as StoredMessage['data'];
    [message] = mapStoredMessagesToChatMessages([{ ...value, data }]);
  } catch (error) {
    // LangChain refuses some shapes itself (an unknown type, a tool message without its id).
    throw new SerializationError('the value is not a stored LangChain message', { cause: error });
  }
  if (!message) throw new SerializationError('the value is not a stored LangChain message');
  return message;
}

/**
 * A chat message as JSON text: content (string or content blocks), `tool_calls`,
 * `invalid_tool_calls`, `tool_call_id`, `usage_metadata`, `response_metadata`, `id`, `name`
 * and `additional_kwargs` all survive.
 *
 * @throws {SerializationError} when a field holds something JSON cannot express (a BigInt, a
 *   cycle).
 */
export function serializeMessage(message: BaseMessage): string {
  return stringify(messageToStored(message), 'the message');
}

/**
 * Reads a message written by {@link serializeMessage}.
 *
 * @throws {SerializationError} when the text is not JSON or not a stored message.
 */
export function deserializeMessage(text: string): BaseMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SerializationError('the stored message is not JSON', { cause: error });
  }
  return storedToMessage(value);
}

export { stringify as toJsonText };
