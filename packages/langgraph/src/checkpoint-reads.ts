import {
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  compareWritesSortKeys,
  maxChannelVersion,
  type SerializerProtocol,
  TASKS,
  writesSortKey,
} from '@langchain/langgraph-checkpoint';
import { CorruptDataError } from '@x/redis-core';
import {
  blobField,
  decodeBlob,
  decodeWriteRecord,
  parseWriteField,
  type WriteRecord,
} from './records.js';
import type { SaverRedis } from './saver-redis.js';

/** The place of a checkpoint: its thread, namespace and id. */
export interface Place {
  thread: string;
  namespace: string;
  id: string;
}

/** A checkpoint as read back (its channel values joined), before its pending writes are. */
export interface StoredCheckpoint extends Place {
  checkpoint: Checkpoint;
  metadata: CheckpointMetadata;
  parent: string | undefined;
  /** Its pending writes as stored, read in the same round trip as the checkpoint. */
  writeFields: Map<string, Buffer>;
}

/** How many checkpoints `list()` reads per round trip. */
const LIST_PAGE = 50;

interface LoadedWrite {
  taskId: string;
  index: number;
  record: WriteRecord;
  value: unknown;
}

/** Reads checkpoints, their channel values and pending writes, for one saver. */
export class CheckpointReads {
  readonly #redis: SaverRedis;
  readonly #serde: SerializerProtocol;
  readonly #nextVersion: () => string | number;

  constructor(redis: SaverRedis, serde: SerializerProtocol, nextVersion: () => string | number) {
    this.#redis = redis;
    this.#serde = serde;
    this.#nextVersion = nextVersion;
  }

  /** Checkpoints (pipelined); `undefined` for one that does not exist (or expired). */
  read(places: readonly Place[], operation: string): Promise<(StoredCheckpoint | undefined)[]> {
    return Promise.all(places.map((place) => this.#readOne(place, operation)));
  }

  /** The checkpoints of one namespace, newest first, read a page at a time. */
  async *history(
    thread: string,
    namespace: string,
    onlyId: string | undefined,
    beforeId: string | undefined,
  ): AsyncGenerator<StoredCheckpoint> {
    if (onlyId !== undefined) {
      if (beforeId !== undefined && onlyId >= beforeId) return;
      const [stored] = await this.read([{ thread, namespace, id: onlyId }], 'list');
      if (stored !== undefined) yield stored;
      return;
    }
    const index = this.#redis.keys.checkpoints(thread, namespace);
    let upper = beforeId === undefined ? '+' : `(${beforeId}`;
    for (;;) {
      const page = await this.#redis.strings(
        ['ZRANGE', index, upper, '-', 'BYLEX', 'REV', 'LIMIT', '0', String(LIST_PAGE)],
        thread,
        'list',
      );
      const places = page.map((id) => ({ thread, namespace, id }));
      for (const stored of await this.read(places, 'list')) if (stored) yield stored;
      if (page.length < LIST_PAGE) return;
      upper = `(${page[page.length - 1]}`;
    }
  }

  /** A stored checkpoint as LangGraph wants it: its config, its parent's and its writes. */
  async tuple(stored: StoredCheckpoint, operation: string): Promise<CheckpointTuple> {
    const { thread, namespace, id, parent, checkpoint } = stored;
    if (checkpoint.v < 4 && parent !== undefined) {
      await this.#migratePendingSends(checkpoint, { thread, namespace, id: parent }, operation);
    }
    const pendingWrites: CheckpointPendingWrite[] = (await this.#loadWrites(stored)).map(
      ({ taskId, record, value }) => [taskId, record.channel, value],
    );
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: thread, checkpoint_ns: namespace, checkpoint_id: id } },
      checkpoint,
      metadata: stored.metadata,
      pendingWrites,
    };
    if (parent !== undefined) {
      tuple.parentConfig = {
        configurable: { thread_id: thread, checkpoint_ns: namespace, checkpoint_id: parent },
      };
    }
    return tuple;
  }

  async #readOne(place: Place, operation: string): Promise<StoredCheckpoint | undefined> {
    const keys = this.#redis.keys;
    const key = keys.checkpoint(place.thread, place.namespace, place.id);
    const writesKey = keys.writes(place.thread, place.namespace, place.id);
    const [fields, writeFields] = await Promise.all([
      this.#redis.hash(key, place.thread, operation),
      this.#redis.hash(writesKey, place.thread, operation),
    ]);
    if (fields.size === 0) return undefined;
    const text = (name: string) => fields.get(name)?.toString('utf8');
    const checkpointBytes = fields.get('checkpoint');
    const metadataBytes = fields.get('metadata');
    const type = text('type');
    const metadataType = text('metadata_type');
    if (!checkpointBytes || !metadataBytes || type === undefined || metadataType === undefined) {
      throw new CorruptDataError(`${key} is not a checkpoint this package stored`, key);
    }
    const [checkpoint, metadata] = await Promise.all([
      this.#load(type, checkpointBytes, key) as Promise<Checkpoint>,
      this.#load(metadataType, metadataBytes, key) as Promise<CheckpointMetadata>,
    ]);
    checkpoint.channel_values = await this.#channelValues(place, checkpoint, operation);
    return { ...place, checkpoint, metadata, parent: text('parent'), writeFields };
  }

  /** The values of the checkpoint's channels at the versions it names, where stored. */
  async #channelValues(
    place: Place,
    checkpoint: Checkpoint,
    operation: string,
  ): Promise<Record<string, unknown>> {
    const key = this.#redis.keys.blobs(place.thread, place.namespace);
    const versions = Object.entries(checkpoint.channel_versions ?? {});
    const blobs = await this.#redis.fields(
      key,
      versions.map(([channel, version]) => blobField(channel, version)),
      place.thread,
      operation,
    );
    const values: Record<string, unknown> = {};
    await Promise.all(
      versions.map(async ([channel], position) => {
        const bytes = blobs[position];
        if (bytes === undefined) return;
        const blob = decodeBlob(bytes, key);
        values[channel] = await this.#load(blob.type, blob.value, key);
      }),
    );
    return values;
  }

  /** The pending writes of a checkpoint, read now. */
  async #writes(place: Place, operation: string): Promise<LoadedWrite[]> {
    const key = this.#redis.keys.writes(place.thread, place.namespace, place.id);
    return this.#loadWrites({
      ...place,
      writeFields: await this.#redis.hash(key, place.thread, operation),
    });
  }

  /** Pending writes as stored, deserialized, in LangGraph's order (task path, task id, index). */
  async #loadWrites(stored: Place & { writeFields: Map<string, Buffer> }): Promise<LoadedWrite[]> {
    const key = this.#redis.keys.writes(stored.thread, stored.namespace, stored.id);
    const fields = stored.writeFields;
    const entries = [...fields].map(([field, bytes]) => {
      const [taskId, index] = parseWriteField(field, key);
      return { taskId, index, record: decodeWriteRecord(bytes, key) };
    });
    entries.sort((a, b) =>
      compareWritesSortKeys(
        writesSortKey(a.record.taskPath, a.taskId, a.index),
        writesSortKey(b.record.taskPath, b.taskId, b.index),
      ),
    );
    return Promise.all(
      entries.map(async (entry) => ({
        ...entry,
        value: await this.#load(entry.record.type, entry.record.value, key),
      })),
    );
  }

  /**
   * Checkpoints of format 3 and older kept the `Send`s of a step as writes of their parent to
   * the `__pregel_tasks` channel; LangGraph now expects them among the checkpoint's channel
   * values. Moves them there on read, as LangGraph's own savers do.
   */
  async #migratePendingSends(
    checkpoint: Checkpoint,
    parent: Place,
    operation: string,
  ): Promise<void> {
    const sends = (await this.#writes(parent, operation))
      .filter(({ record }) => record.channel === TASKS)
      .map(({ value }) => value);
    const values = checkpoint.channel_values as Record<string, unknown>;
    values[TASKS] = sends;
    const versions = checkpoint.channel_versions as Record<string, string | number>;
    const known = Object.values(versions);
    versions[TASKS] = known.length > 0 ? maxChannelVersion(...known) : this.#nextVersion();
  }

  async #load(type: string, bytes: Uint8Array, key: string): Promise<unknown> {
    try {
      return await this.#serde.loadsTyped(type, bytes);
    } catch (error) {
      throw new CorruptDataError(`${key} holds a value the serializer cannot read`, key, {
        cause: error,
      });
    }
  }
}
