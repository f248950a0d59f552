import type { RunnableConfig } from '@langchain/core/runnables';
import type { CheckpointMetadata } from '@langchain/langgraph-checkpoint';
import { InvalidArgumentError } from '@x/redis-core';
import { encodeKeySegment } from '@x/redis-core/internal';

// What the saver reads from a RunnableConfig and its options, checked: a value that cannot be
// a key segment is refused with a typed error before anything is sent.

export function threadOf(config: RunnableConfig, operation: string): string {
  return checkThreadId(config?.configurable?.thread_id, operation);
}

export function checkThreadId(thread: unknown, operation: string): string {
  if (thread === undefined) {
    throw new InvalidArgumentError(
      `${operation}() needs \`configurable.thread_id\`: pass { configurable: { thread_id: "..." } } to the graph so the checkpointer knows which thread to save`,
    );
  }
  encodeKeySegment(thread, '`thread_id`');
  return thread as string;
}

export function namespaceOf(config: RunnableConfig): string {
  const namespace = config?.configurable?.checkpoint_ns ?? '';
  if (typeof namespace !== 'string') {
    throw new InvalidArgumentError('`checkpoint_ns` must be a string');
  }
  if (namespace !== '') encodeKeySegment(namespace, '`checkpoint_ns`');
  return namespace;
}

export function checkCheckpointId(id: unknown): string {
  encodeKeySegment(id, '`checkpoint_id`');
  return id as string;
}

export function checkLimit(limit: unknown): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new InvalidArgumentError(
      `\`limit\` must be a whole number of 0 or more, got ${String(limit)}`,
    );
  }
  return limit;
}

/** Whether every entry of `filter` equals the metadata's value of that key. */
export function matches(
  metadata: CheckpointMetadata | undefined,
  filter: Record<string, unknown>,
): boolean {
  const record = (metadata ?? {}) as Record<string, unknown>;
  return Object.entries(filter).every(([key, value]) => record[key] === value);
}
