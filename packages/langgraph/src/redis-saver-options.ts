import type { SerializerProtocol } from '@langchain/langgraph-checkpoint';
import { type ConnectionOptions, InvalidArgumentError } from '@x/redis-core';
import { ttlMilliseconds } from '@x/redis-core/internal';
import { DEFAULT_SAVER_PREFIX } from './thread-keys.js';

/** Options of {@link RedisSaver}: where to reach Redis, the key prefix, history and expiry. */
export type RedisSaverOptions = ConnectionOptions & {
  /**
   * The start of every key (see the README's key layout). Letters, digits, `_`, `.`, `-`, in
   * segments separated by single `:`.
   * @default 'langgraph'
   */
  prefix?: string;
  /**
   * Keep only the newest checkpoint of each thread and namespace (what LangGraph calls a
   * shallow saver): each `put` deletes the older ones and their pending writes, in the same
   * transaction. The thread's state, resumption and interrupts work; its history
   * (`getStateHistory`, time travel) holds the newest checkpoint only.
   * @default false
   */
  latestOnly?: boolean;
  /**
   * Seconds after a thread's last write at which it expires (fractions allowed, kept to the
   * millisecond). Each checkpoint and its writes expire that long after they were written;
   * the thread's index expires that long after its newest checkpoint. Unset: never.
   */
  ttl?: number;
  /**
   * Whether reading a checkpoint (`getTuple`, which every run and `getState` starts with)
   * sets the full `ttl` again on it and on the thread's index, so a thread someone keeps using
   * stays alive. Needs `ttl`.
   * @default false
   */
  refreshTtlOnRead?: boolean;
  /** How checkpoints and writes are serialized. @default LangGraph's JsonPlusSerializer */
  serde?: SerializerProtocol;
};

export interface SaverSettings {
  prefix: string;
  latestOnly: boolean;
  ttlMs: number | undefined;
  refreshTtlOnRead: boolean;
}

/** @throws {InvalidArgumentError} naming the option and what it accepts. */
export function resolveSaverSettings(options: RedisSaverOptions): SaverSettings {
  const { latestOnly = false, refreshTtlOnRead = false } = options;
  if (typeof latestOnly !== 'boolean') {
    throw new InvalidArgumentError('`latestOnly` must be true or false');
  }
  if (typeof refreshTtlOnRead !== 'boolean') {
    throw new InvalidArgumentError('`refreshTtlOnRead` must be true or false');
  }
  const ttlMs = ttlMilliseconds(options.ttl);
  if (refreshTtlOnRead && ttlMs === undefined) {
    throw new InvalidArgumentError('`refreshTtlOnRead` needs `ttl`: without it nothing expires');
  }
  return { prefix: options.prefix ?? DEFAULT_SAVER_PREFIX, latestOnly, ttlMs, refreshTtlOnRead };
}
