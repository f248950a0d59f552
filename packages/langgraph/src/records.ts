import { CorruptDataError } from '@x/redis-core';

// How serialized values are stored. A record is a JSON header, a newline, then the serializer's
// bytes as they are: JSON escapes every newline inside the header, so the first one ends it.

const NEWLINE = 0x0a;

/** A value as the serializer gave it: its type tag and bytes. */
export interface TypedValue {
  type: string;
  value: Uint8Array;
}

/** A pending write as stored: the channel and the task's path beside the typed value. */
export interface WriteRecord extends TypedValue {
  channel: string;
  taskPath: string;
}

function encode(header: Record<string, string>, value: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), value]);
}

function decode(bytes: Buffer, key: string): { header: Record<string, unknown>; value: Buffer } {
  const end = bytes.indexOf(NEWLINE);
  let header: unknown;
  try {
    header = end < 0 ? undefined : JSON.parse(bytes.subarray(0, end).toString('utf8'));
  } catch {
    header = undefined;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new CorruptDataError(`${key} holds a value in a shape this package does not store`, key);
  }
  return { header: header as Record<string, unknown>, value: bytes.subarray(end + 1) };
}

function text(header: Record<string, unknown>, name: string, key: string): string {
  const value = header[name];
  if (typeof value !== 'string') {
    throw new CorruptDataError(`${key} holds a value in a shape this package does not store`, key);
  }
  return value;
}

export function encodeWriteRecord(record: WriteRecord): Buffer {
  return encode({ c: record.channel, t: record.type, p: record.taskPath }, record.value);
}

/** @throws {CorruptDataError} for bytes this package did not write. */
export function decodeWriteRecord(bytes: Buffer, key: string): WriteRecord {
  const { header, value } = decode(bytes, key);
  return {
    channel: text(header, 'c', key),
    type: text(header, 't', key),
    taskPath: text(header, 'p', key),
    value,
  };
}

export function encodeBlob(blob: TypedValue): Buffer {
  return encode({ t: blob.type }, blob.value);
}

/** @throws {CorruptDataError} for bytes this package did not write. */
export function decodeBlob(bytes: Buffer, key: string): TypedValue {
  const { header, value } = decode(bytes, key);
  return { type: text(header, 't', key), value };
}

/** The hash field of a pending write: its task and index, as JSON (any task id, no ambiguity). */
export function writeField(taskId: string, index: number): string {
  return JSON.stringify([taskId, index]);
}

/** @throws {CorruptDataError} for a field this package did not write. */
export function parseWriteField(field: string, key: string): [taskId: string, index: number] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(field);
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    !Number.isInteger(parsed[1])
  ) {
    throw new CorruptDataError(`${key} holds a field this package did not write`, key);
  }
  return [parsed[0], parsed[1]];
}

/** The hash field of a channel's value at one version (numbers and strings kept apart). */
export function blobField(channel: string, version: string | number): string {
  return JSON.stringify([channel, version]);
}
