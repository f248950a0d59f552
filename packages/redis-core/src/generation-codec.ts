import type { ChatGeneration, Generation } from '@langchain/core/outputs';
import { SerializationError } from './errors.js';
import { messageToStored, storedToMessage, toJsonText } from './message-codec.js';

const FORMAT_VERSION = 1;

interface StoredGeneration {
  text: string;
  generationInfo?: Record<string, unknown>;
  message?: unknown;
}

/**
 * The generations of one LLM call as JSON text, every one of them (n > 1), with chat messages
 * kept whole (see `serializeMessage`) and `generationInfo` as given.
 *
 * @throws {SerializationError} when a generation holds something JSON cannot express.
 */
export function serializeGenerations(generations: readonly Generation[]): string {
  if (!Array.isArray(generations)) {
    throw new SerializationError('generations must be an array');
  }
  const stored = generations.map((generation): StoredGeneration => {
    if (
      typeof generation !== 'object' ||
      generation === null ||
      typeof generation.text !== 'string'
    ) {
      throw new SerializationError('each generation must be an object with a `text` string');
    }
    const entry: StoredGeneration = { text: generation.text };
    if (generation.generationInfo !== undefined) entry.generationInfo = generation.generationInfo;
    const { message } = generation as Partial<ChatGeneration>;
    if (message !== undefined) entry.message = messageToStored(message);
    return entry;
  });
  return toJsonText({ v: FORMAT_VERSION, generations: stored }, 'the generations');
}

/**
 * Reads generations written by {@link serializeGenerations}; chat generations come back with
 * their message.
 *
 * @throws {SerializationError} when the text is not what {@link serializeGenerations} writes.
 */
export function deserializeGenerations(text: string): Generation[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SerializationError('the stored generations are not JSON', { cause: error });
  }
  const { v, generations } = (value ?? {}) as { v?: unknown; generations?: unknown };
  if (v !== FORMAT_VERSION || !Array.isArray(generations)) {
    throw new SerializationError('the stored value is not a list of generations');
  }
  return generations.map((entry: unknown) => {
    const { text: generationText, generationInfo, message } = (entry ?? {}) as StoredGeneration;
    if (typeof generationText !== 'string') {
      throw new SerializationError('a stored generation has no text');
    }
    const generation: Generation & { message?: ChatGeneration['message'] } = {
      text: generationText,
    };
    if (generationInfo !== undefined) generation.generationInfo = generationInfo;
    if (message !== undefined) generation.message = storedToMessage(message);
    return generation;
  });
}
