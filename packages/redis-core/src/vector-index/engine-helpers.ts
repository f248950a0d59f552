import { CorruptDataError } from '../errors.js';
import { toRedisOperationError } from '../redis-operation-error.js';
import { replyToString } from '../reply.js';
import type { StoredDocument } from './vector-index-options.js';

/** Runs a Redis call; a failure becomes a {@link RedisOperationError} naming `operation`. */
export async function runCommand<T>(call: () => Promise<T>, operation: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toRedisOperationError(error, operation);
  }
}

/**
 * A stored document from its `content` and `metadata` fields (in that order, as HMGET or
 * FT.SEARCH RETURN give them), or `undefined` when the hash is gone: it expired or was deleted
 * between the index finding it and this read.
 *
 * @throws {CorruptDataError} when the metadata is not the JSON object this library writes.
 */
export function readStored(id: string, key: string, fields: unknown): StoredDocument | undefined {
  const [content, metadata] = Array.isArray(fields) ? fields : [];
  const text = replyToString(content);
  const json = replyToString(metadata);
  if (text === undefined || json === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new CorruptDataError(`the metadata of document "${id}" is not valid JSON`, key, {
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CorruptDataError(`the metadata of document "${id}" is not a JSON object`, key);
  }
  return { id, content: text, metadata: parsed as Record<string, unknown> };
}
