import type { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  getCheckpointId,
  type PendingWrite,
  WRITES_IDX_MAP,
} from '@langchain/langgraph-checkpoint';
import { InvalidArgumentError, RedisConnection } from '@x/redis-core';
import type { RedisArgument } from '@x/redis-core/internal';
import { CheckpointReads } from './checkpoint-reads.js';
import { checkpointCommands, expiryCommands, pruningCommands } from './checkpoint-writes.js';
import { encodeWriteRecord, type TypedValue, writeField } from './records.js';
import {
  type RedisSaverOptions,
  resolveSaverSettings,
  type SaverSettings,
} from './redis-saver-options.js';
import {
  checkCheckpointId,
  checkLimit,
  checkThreadId,
  matches,
  namespaceOf,
  threadOf,
} from './saver-config.js';
import { SaverRedis } from './saver-redis.js';
import { ThreadKeys } from './thread-keys.js';

/** How many keys one `deleteThread()` transaction deletes. */
const DELETE_CHUNK = 500;
/** How finely the random fraction of a version is drawn. */
const FRACTION_STEPS = 2 ** 32;

/**
 * A LangGraph checkpointer on any Redis 7 or newer, no module needed, a Redis Cluster
 * included: a thread's state survives restarts, and can be resumed, rewound and inspected.
 * Give it to `createAgent({ checkpointer })` or `graph.compile({ checkpointer })`.
 *
 * Every key of a thread carries the thread id as a hash tag, so a `put` (the checkpoint, its
 * place in the thread's history, and the thread's registration) is one MULTI transaction, on a
 * cluster too: a crash never leaves a checkpoint half-written. Every call has a deadline
 * (`timeoutMs`, default 5 s) and rejects with a typed error: a checkpointer fails closed, since
 * an agent that cannot save its state must not carry on as if it had.
 *
 * @example
 * ```ts
 * const checkpointer = new RedisSaver({ url: 'redis://localhost:6379' });
 * const agent = createAgent({ model, tools, checkpointer });
 * await agent.invoke({ messages: [{ role: 'user', content: 'hi' }] },
 *   { configurable: { thread_id: 'user-42' } });
 * ```
 */
export class RedisSaver extends BaseCheckpointSaver implements AsyncDisposable {
  readonly #redis: SaverRedis;
  readonly #reads: CheckpointReads;
  readonly #settings: SaverSettings;

  /**
   * @throws {InvalidArgumentError} for a wrong option (both or neither of `client` and `url`,
   *   `refreshTtlOnRead` without `ttl`, ...); {@link InvalidKeyError} for a bad `prefix`.
   */
  constructor(options: RedisSaverOptions) {
    super(options.serde);
    this.#settings = resolveSaverSettings(options);
    const keys = new ThreadKeys(this.#settings.prefix);
    this.#redis = new SaverRedis(RedisConnection.from(options), keys);
    this.#reads = new CheckpointReads(this.#redis, this.serde, () =>
      this.getNextVersion(undefined),
    );
  }

  /**
   * The checkpoint at `config` (its `checkpoint_id`, or the thread's newest) with its pending
   * writes, or `undefined` when there is none.
   */
  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    // No thread, no checkpoint (as LangGraph's own savers answer).
    if (config?.configurable?.thread_id === undefined) return undefined;
    const thread = threadOf(config, 'getTuple');
    const namespace = namespaceOf(config);
    const keys = this.#redis.keys;
    let id: string | undefined = getCheckpointId(config) || undefined;
    if (id === undefined) {
      const index = keys.checkpoints(thread, namespace);
      [id] = await this.#redis.strings(
        ['ZRANGE', index, '+', '-', 'BYLEX', 'REV', 'LIMIT', '0', '1'],
        thread,
        'getTuple',
      );
      if (id === undefined) return undefined;
    } else {
      checkCheckpointId(id);
    }
    const [stored] = await this.#reads.read([{ thread, namespace, id }], 'getTuple');
    if (stored === undefined) return undefined;
    if (this.#settings.refreshTtlOnRead) {
      const own = [keys.checkpoint(thread, namespace, id), keys.writes(thread, namespace, id)];
      await this.#redis.multi(this.#expiries(thread, namespace, own), thread, 'getTuple');
    }
    return this.#reads.tuple(stored, 'getTuple');
  }

  /**
   * The checkpoints of a thread (or of every thread, without `thread_id`), newest first, in
   * one namespace (`checkpoint_ns`) or all of them; `before` a checkpoint id, matching every
   * `filter` entry on the metadata, at most `limit`.
   */
  async *list(
    config: RunnableConfig,
    options: CheckpointListOptions = {},
  ): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options;
    let remaining = checkLimit(options.limit);
    const configurable = config?.configurable ?? {};
    const onlyId = getCheckpointId(config) || undefined;
    const beforeId = before === undefined ? undefined : getCheckpointId(before) || undefined;
    if (onlyId !== undefined) checkCheckpointId(onlyId);
    if (beforeId !== undefined) checkCheckpointId(beforeId);
    const keys = this.#redis.keys;
    const threads =
      configurable.thread_id === undefined
        ? await this.#redis.threads('list')
        : [threadOf(config, 'list')];
    for (const thread of threads) {
      const namespaces =
        configurable.checkpoint_ns === undefined
          ? await this.#redis.strings(['SMEMBERS', keys.namespaces(thread)], thread, 'list')
          : [namespaceOf(config)];
      for (const namespace of namespaces) {
        for await (const stored of this.#reads.history(thread, namespace, onlyId, beforeId)) {
          if (remaining === 0) return;
          if (filter !== undefined && !matches(stored.metadata, filter)) continue;
          if (remaining !== undefined) remaining--;
          yield await this.#reads.tuple(stored, 'list');
        }
      }
    }
  }

  /**
   * Stores a checkpoint and its metadata under the thread and namespace of `config` (whose
   * `checkpoint_id` becomes its parent), in one transaction. Of its channel values, only those
   * of the channels in `newVersions` are written: the others are stored already, at the
   * versions the checkpoint names.
   */
  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const thread = threadOf(config, 'put');
    const namespace = namespaceOf(config);
    const id = checkCheckpointId(checkpoint?.id);
    const parent = getCheckpointId(config) || undefined;
    const values = (checkpoint.channel_values ?? {}) as Record<string, unknown>;
    const changed = Object.entries(newVersions ?? {}).filter(([channel]) =>
      Object.hasOwn(values, channel),
    );
    const typed = async (value: unknown): Promise<TypedValue> => {
      const [type, bytes] = await this.serde.dumpsTyped(value);
      return { type, value: bytes };
    };
    const [stored, storedMetadata, ...blobs] = await Promise.all([
      typed({ ...checkpoint, channel_values: {} }),
      typed(metadata),
      ...changed.map(([channel]) => typed(values[channel])),
    ]);
    const keys = this.#redis.keys;
    const place = { thread, namespace, id };
    const commands = checkpointCommands(keys, place, {
      checkpoint: stored as TypedValue,
      metadata: storedMetadata as TypedValue,
      parent,
      blobs: changed.map(([channel, version], position) => ({
        channel,
        version,
        blob: blobs[position] as TypedValue,
      })),
    });
    if (this.#settings.latestOnly) {
      const [older, storedBlobs] = await Promise.all([
        this.#redis.strings(
          ['ZRANGE', keys.checkpoints(thread, namespace), '0', '-1'],
          thread,
          'put',
        ),
        this.#redis.strings(['HKEYS', keys.blobs(thread, namespace)], thread, 'put'),
      ]);
      commands.push(...pruningCommands(keys, thread, namespace, checkpoint, older, storedBlobs));
    }
    const own = [keys.checkpoint(thread, namespace, id), keys.writes(thread, namespace, id)];
    commands.push(...this.#expiries(thread, namespace, own));
    await this.#redis.multi(commands, thread, 'put');
    return { configurable: { thread_id: thread, checkpoint_ns: namespace, checkpoint_id: id } };
  }

  /**
   * Stores the pending writes of a task for the checkpoint of `config`. A write already stored
   * under the same task and index is kept (a retried task writes the same), except on the
   * special channels (error, interrupt, scheduled, resume), where the newest replaces it.
   */
  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath = '',
  ): Promise<void> {
    const thread = threadOf(config, 'putWrites');
    const namespace = namespaceOf(config);
    const id = getCheckpointId(config);
    if (!id) {
      throw new InvalidArgumentError(
        'putWrites() needs `configurable.checkpoint_id`: the checkpoint the writes belong to',
      );
    }
    checkCheckpointId(id);
    if (typeof taskId !== 'string') throw new InvalidArgumentError('`taskId` must be a string');
    if (!Array.isArray(writes)) throw new InvalidArgumentError('`writes` must be an array');
    if (writes.length === 0) return;
    const key = this.#redis.keys.writes(thread, namespace, id);
    const commands: RedisArgument[][] = await Promise.all(
      writes.map(async ([channel, value], position) => {
        const [type, bytes] = await this.serde.dumpsTyped(value);
        const index = WRITES_IDX_MAP[channel] ?? position;
        const record = encodeWriteRecord({ channel, type, taskPath, value: bytes });
        return [index < 0 ? 'HSET' : 'HSETNX', key, writeField(taskId, index), record];
      }),
    );
    const ttl = this.#settings.ttlMs;
    if (ttl !== undefined) commands.push(['PEXPIRE', key, String(ttl)]);
    // One command is atomic on its own: no MULTI around it.
    const [only] = commands;
    if (commands.length === 1 && only !== undefined) {
      await this.#redis.send(only, thread, 'putWrites');
    } else {
      await this.#redis.multi(commands, thread, 'putWrites');
    }
  }

  /**
   * The version after `current`: the next whole number, plus a random fraction (`8.1372…`).
   * Two processes that write one thread from the same checkpoint take the same whole number but
   * not the same version, so neither overwrites the channel value the other's checkpoint names
   * (a namespace's checkpoints share their channel values, one field per channel and version).
   * Versions still increase, and stay numbers, as LangGraph's types want; whole versions of a
   * thread written before count on from where they stopped.
   */
  override getNextVersion(current: number | undefined): number {
    const counter = Number.isFinite(Number(current)) ? Math.floor(Number(current)) : 0;
    // 32 random bits: with the counter below 2^21, a double holds them all.
    return counter + 1 + Math.floor(Math.random() * FRACTION_STEPS) / FRACTION_STEPS;
  }

  /** Deletes every checkpoint, write and channel value of a thread, in every namespace. */
  async deleteThread(threadId: string): Promise<void> {
    const thread = checkThreadId(threadId, 'deleteThread');
    const keys = this.#redis.keys;
    const redis = this.#redis;
    const namespaces = await redis.strings(
      ['SMEMBERS', keys.namespaces(thread)],
      thread,
      'deleteThread',
    );
    const doomed: string[] = [keys.namespaces(thread)];
    for (const namespace of namespaces) {
      const index = keys.checkpoints(thread, namespace);
      const ids = await redis.strings(['ZRANGE', index, '0', '-1'], thread, 'deleteThread');
      for (const id of ids) {
        doomed.push(keys.checkpoint(thread, namespace, id), keys.writes(thread, namespace, id));
      }
      doomed.push(keys.blobs(thread, namespace), index);
    }
    // The index keys go last, so that an interrupted delete can be run again and finish.
    for (let end = doomed.length; end > 0; end -= DELETE_CHUNK) {
      const chunk = doomed.slice(Math.max(0, end - DELETE_CHUNK), end);
      await redis.multi([['UNLINK', ...chunk]], thread, 'deleteThread');
    }
  }

  /** Closes the connection if this saver created it (from a `url`). */
  async close(): Promise<void> {
    await this.#redis.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** PEXPIRE of `own` keys and of the namespace's shared keys, when a `ttl` is set. */
  #expiries(thread: string, namespace: string, own: readonly string[]): RedisArgument[][] {
    const ttl = this.#settings.ttlMs;
    return ttl === undefined ? [] : expiryCommands(this.#redis.keys, ttl, thread, namespace, own);
  }
}
