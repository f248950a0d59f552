import {
  AIMessage,
  type BaseMessage,
  ChatMessage,
  FunctionMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { serializeMessage } from '@x/redis-core/internal';

// The classes whose `toDict()` is exactly their constructor fields: no attributes, secrets or
// aliases that rename a field. Subclasses and other copies of @langchain/core take the slow path.
const PLAIN_CLASSES = new Set<unknown>([
  HumanMessage,
  AIMessage,
  SystemMessage,
  ToolMessage,
  FunctionMessage,
  ChatMessage,
]);
// Field names that LangChain's snake_case mapping leaves as they are.
const STABLE_FIELD = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;
// Keys `toDict()` escapes (`{ lc: ... }` objects, its own escape marker): in JSON text, only a key
// is followed by a colon right after its closing quote.
const LANGCHAIN_MARKER = /"(?:lc|__lc_escaped__)":/;

/**
 * A message as the JSON text of LangChain's `StoredMessage`, the same text `toDict()` gives,
 * about three times faster: `toDict()` walks the class chain for aliases and secrets and copies
 * every value to escape LangChain's own markers, which the messages of a chat rarely hold.
 * Anything unusual (a subclass, a field `toDict()` would rename, an `lc` marker in a value, a
 * value JSON cannot express) goes through the core codec, which does exactly what LangChain does.
 *
 * @throws {SerializationError} when a field holds something JSON cannot express.
 */
export function messageText(message: BaseMessage): string {
  if (PLAIN_CLASSES.has(message.constructor)) {
    const text = plainText(message);
    if (text !== undefined) return text;
  }
  return serializeMessage(message);
}

function plainText(message: BaseMessage): string | undefined {
  const fields = message.lc_kwargs as Record<string, unknown>;
  const values = message as unknown as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const field of Object.keys(fields)) {
    if (!isStableField(field)) return undefined;
    // As `toJSON()` does: the live value (normalized by the constructor) when there is one.
    data[field] = field in values ? values[field] : fields[field];
  }
  let text: string;
  try {
    text = JSON.stringify({ type: message.getType(), data });
  } catch {
    // A cycle or a BigInt: the core codec stores it as LangChain would, or says why not.
    return undefined;
  }
  return LANGCHAIN_MARKER.test(text) ? undefined : text;
}

// Messages reuse a handful of field names: remember the verdict rather than match each time.
const stableFields = new Map<string, boolean>();

function isStableField(field: string): boolean {
  let stable = stableFields.get(field);
  if (stable === undefined) {
    stable = STABLE_FIELD.test(field);
    // Field names come from callers' objects: keep the memory bounded whatever they hold.
    if (stableFields.size < 1_000) stableFields.set(field, stable);
  }
  return stable;
}
