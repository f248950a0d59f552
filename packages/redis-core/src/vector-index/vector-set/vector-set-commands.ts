import type { RedisArgument } from '../../connection-options.js';
import { encodeTagValue, MISSING_ATTRIBUTE, numericValue, tagValues } from '../../filter/index.js';
import { replyToNumber, replyToRecord, replyToString } from '../../reply.js';
import { encodeVector, type VectorInput } from '../../vector-encoding.js';
import type { PreparedDocument, PreparedQuery } from '../engine.js';
import type { IndexKeys } from '../index-keys.js';
import type { ExistingSchema, ResolvedSchema } from '../resolve-schema.js';
import type { VectorQuantization } from '../vector-index-options.js';

const QUANTIZATION_ARGUMENT: Record<VectorQuantization, string> = {
  none: 'NOQUANT',
  int8: 'Q8',
  binary: 'BIN',
};

// VINFO's names for the same thing.
const QUANT_TYPE: Record<string, VectorQuantization> = { f32: 'none', int8: 'int8', bin: 'binary' };

/**
 * The JSON attributes of an element: each declared tag field as an array of encoded values,
 * each numeric field as a number (0 when the document has none), and under
 * {@link MISSING_ATTRIBUTE} the fields the document has no value for. Every declared field is always present: a filter that reads a missing
 * attribute is false as a whole in vector sets, which would break `not`.
 */
export function elementAttributes(
  metadata: Record<string, unknown>,
  schema: ResolvedSchema,
): string | undefined {
  if (schema.fields.length === 0) return undefined;
  const attributes: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const { name, type } of schema.fields) {
    const value = Object.hasOwn(metadata, name) ? metadata[name] : undefined;
    if (type === 'tag') {
      attributes[name] = tagValues(value, name).map(encodeTagValue);
      if ((attributes[name] as string[]).length === 0) missing.push(name);
    } else if (type === 'numeric') {
      const number = numericValue(value, name);
      attributes[name] = number ?? 0;
      if (number === undefined) missing.push(name);
    }
  }
  attributes[MISSING_ATTRIBUTE] = missing;
  return JSON.stringify(attributes);
}

/**
 * The commands that write one document, for one MULTI: the element (vector and attributes,
 * replaced whole), the hash (deleted first so that no stale field survives), and its expiry
 * (hash expiry plus the sorted set that drives the sweep), or the removal of an old one. With
 * `expireIndex`, the index's own keys are made to live until the document expires at least
 * (`NX` gives a persistent key its first expiry, `GT` only ever extends one), or persistent.
 */
export function writeCommands(
  document: PreparedDocument,
  keys: IndexKeys,
  schema: ResolvedSchema,
  expireIndex = false,
): RedisArgument[][] {
  const attributes = elementAttributes(document.metadata, schema);
  const hash = keys.taggedDocument(document.id);
  const commands: RedisArgument[][] = [
    [
      'VADD',
      keys.vectorSet,
      'FP32',
      encodeVector(document.vector),
      document.id,
      QUANTIZATION_ARGUMENT[schema.quantization],
      'EF',
      String(schema.efConstruction),
      ...(attributes === undefined ? [] : ['SETATTR', attributes]),
      'M',
      String(schema.m),
    ],
    ['DEL', hash],
    ['HSET', hash, 'content', document.content, 'metadata', document.metadataJson],
  ];
  const indexKeys = [keys.vectorSet, keys.expiries, keys.schemaRecord];
  if (document.expiresAt === undefined) {
    commands.push(['ZREM', keys.expiries, document.id]);
    if (expireIndex) commands.push(...indexKeys.map((key) => ['PERSIST', key]));
  } else {
    const at = String(document.expiresAt);
    commands.push(['PEXPIREAT', hash, at], ['ZADD', keys.expiries, at, document.id]);
    if (expireIndex) {
      for (const key of indexKeys) {
        commands.push(['PEXPIREAT', key, at, 'NX'], ['PEXPIREAT', key, at, 'GT']);
      }
    }
  }
  return commands;
}

/** Options of {@link searchCommand} beyond the query. */
export interface SearchCommandOptions {
  count: number;
  /** Send EPSILON (servers from 8.0.2 take it); the threshold is also applied client-side. */
  epsilon: boolean;
  /** Scan every element rather than the graph (exact, O(n)). */
  truth?: boolean;
  /** The most elements the graph search tries against the filter (VSIM's default: 100 × count). */
  filterEf?: number;
}

/** `VSIM ... WITHSCORES COUNT n EF ef [FILTER expr] [EPSILON d]`. */
export function searchCommand(
  keys: IndexKeys,
  query: Pick<PreparedQuery, 'vector' | 'filter' | 'distanceThreshold' | 'efRuntime'>,
  options: SearchCommandOptions,
): RedisArgument[] {
  const command: RedisArgument[] = [
    'VSIM',
    keys.vectorSet,
    'FP32',
    encodeVector(query.vector),
    'WITHSCORES',
    'COUNT',
    String(options.count),
    'EF',
    String(Math.max(query.efRuntime, options.count)),
  ];
  if (query.filter !== undefined) {
    command.push('FILTER', query.filter);
    if (options.filterEf !== undefined && !options.truth) {
      command.push('FILTER-EF', String(options.filterEf));
    }
  }
  // EPSILON is the same 1 − cos distance as ours; a hair of slack so rounding never drops a hit
  // that the client-side check keeps.
  if (options.epsilon && query.distanceThreshold !== undefined && query.distanceThreshold < 2) {
    command.push('EPSILON', String(query.distanceThreshold + 1e-6));
  }
  if (options.truth) command.push('TRUTH');
  return command;
}

/** A VSIM WITHSCORES hit: the element and its distance (1 − cos, from VSIM's (1 + cos) / 2). */
export interface Hit {
  id: string;
  distance: number;
}

/** Parses a VSIM WITHSCORES reply (RESP2, or RESP3 read as a flat array), nearest first. */
export function parseHits(reply: unknown): Hit[] {
  const items = Array.isArray(reply) ? reply : [];
  const hits: Hit[] = [];
  for (let index = 0; index + 1 < items.length; index += 2) {
    const id = replyToString(items[index]);
    const score = replyToNumber(items[index + 1]);
    if (id === undefined || score === undefined) continue;
    hits.push({ id, distance: Math.max(0, 2 - 2 * score) });
  }
  return hits.sort((a, b) => a.distance - b.distance);
}

/** What `VINFO` tells of an existing vector set. */
export function parseVectorSetInfo(reply: unknown): ExistingSchema | undefined {
  if (reply === null || reply === undefined) return undefined;
  const info = replyToRecord(reply);
  const quantType = replyToString(info['quant-type']);
  return {
    dimension: replyToNumber(info['vector-dim']),
    m: replyToNumber(info['hnsw-m']),
    quantization: quantType === undefined ? undefined : QUANT_TYPE[quantType],
  };
}

// One command for a page of documents, rather than one per document: with k = 10 that is a
// tenth of the commands for the client and the server to handle, and still one round trip.
// Every key shares the index's hash tag, so this is valid in a cluster too.
const READ_SCRIPT = `
local out = {}
for i = 2, #KEYS do
  local fields = redis.call('HMGET', KEYS[i], 'content', 'metadata')
  if ARGV[1] == '1' and fields[1] then fields[3] = redis.call('VEMB', KEYS[1], ARGV[i]) end
  out[i - 1] = fields
end
return out`;

/** `EVAL_RO` that reads the content, metadata (and stored vector) of each document. */
export function readCommand(
  keys: IndexKeys,
  ids: readonly string[],
  withVectors: boolean,
): RedisArgument[] {
  return [
    'EVAL_RO',
    READ_SCRIPT,
    String(ids.length + 1),
    keys.vectorSet,
    ...ids.map((id) => keys.taggedDocument(id)),
    withVectors ? '1' : '0',
    ...ids,
  ];
}

/** A probe vector for scans that ignore distance: any direction will do. */
export function probeVector(dimension: number): VectorInput {
  const vector = new Array<number>(dimension).fill(0);
  vector[0] = 1;
  return vector;
}
