import type { Checkpoint } from '@langchain/langgraph-checkpoint';
import type { RedisArgument } from '@x/redis-core/internal';
import type { Place } from './checkpoint-reads.js';
import { blobField, encodeBlob, type TypedValue } from './records.js';
import type { ThreadKeys } from './thread-keys.js';

/** A checkpoint serialized for a `put`: itself (without channel values), metadata, changes. */
export interface SerializedCheckpoint {
  checkpoint: TypedValue;
  metadata: TypedValue;
  parent: string | undefined;
  /** The values of the channels that changed, each at its new version. */
  blobs: { channel: string; version: string | number; blob: TypedValue }[];
}

/**
 * The commands of a `put`, for one MULTI: the checkpoint hash (replaced whole), its place in
 * the namespace's index, the namespace's registration, and the changed channel values.
 */
export function checkpointCommands(
  keys: ThreadKeys,
  place: Place,
  serialized: SerializedCheckpoint,
): RedisArgument[][] {
  const { thread, namespace, id } = place;
  const key = keys.checkpoint(thread, namespace, id);
  const { checkpoint, metadata, parent, blobs } = serialized;
  const fields: RedisArgument[] = [
    'type',
    checkpoint.type,
    'checkpoint',
    Buffer.from(checkpoint.value),
    'metadata_type',
    metadata.type,
    'metadata',
    Buffer.from(metadata.value),
  ];
  if (parent !== undefined) fields.push('parent', parent);
  const commands: RedisArgument[][] = [
    ['DEL', key],
    ['HSET', key, ...fields],
    ['ZADD', keys.checkpoints(thread, namespace), '0', id],
    ['SADD', keys.namespaces(thread), namespace],
  ];
  if (blobs.length > 0) {
    const values = blobs.flatMap(({ channel, version, blob }) => [
      blobField(channel, version),
      encodeBlob(blob),
    ]);
    commands.push(['HSET', keys.blobs(thread, namespace), ...values]);
  }
  return commands;
}

/**
 * `latestOnly`: the commands that delete the namespace's other checkpoints (`older`), their
 * writes, and the stored channel values (`storedBlobs`, fields) the new checkpoint does not name.
 */
export function pruningCommands(
  keys: ThreadKeys,
  thread: string,
  namespace: string,
  checkpoint: Checkpoint,
  older: readonly string[],
  storedBlobs: readonly string[],
): RedisArgument[][] {
  const index = keys.checkpoints(thread, namespace);
  const commands: RedisArgument[][] = [];
  for (const other of older.filter((other) => other !== checkpoint.id)) {
    commands.push(
      ['DEL', keys.checkpoint(thread, namespace, other), keys.writes(thread, namespace, other)],
      ['ZREM', index, other],
    );
  }
  const named = new Set(
    Object.entries(checkpoint.channel_versions ?? {}).map(([channel, version]) =>
      blobField(channel, version),
    ),
  );
  const unnamed = storedBlobs.filter((field) => !named.has(field));
  if (unnamed.length > 0) commands.push(['HDEL', keys.blobs(thread, namespace), ...unnamed]);
  return commands;
}

/** PEXPIRE of `own` keys and of the namespace's shared keys. */
export function expiryCommands(
  keys: ThreadKeys,
  ttlMs: number,
  thread: string,
  namespace: string,
  own: readonly string[],
): RedisArgument[][] {
  const shared = [
    keys.checkpoints(thread, namespace),
    keys.blobs(thread, namespace),
    keys.namespaces(thread),
  ];
  return [...own, ...shared].map((key) => ['PEXPIRE', key, String(ttlMs)]);
}
