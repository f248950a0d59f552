import type { FieldDefinition, FieldType } from '../../filter/index.js';
import { replyToNumber, replyToRecord, replyToString } from '../../reply.js';
import { decodeVector, type VectorDatatype } from '../../vector-encoding.js';
import type { PreparedQuery } from '../engine.js';
import { readStored } from '../engine-helpers.js';
import type { ExistingSchema, ResolvedSchema } from '../resolve-schema.js';
import type {
  DistanceMetric,
  StoredDocument,
  VectorAlgorithm,
  VectorQueryResult,
} from '../vector-index-options.js';
import type { DocumentLayout } from './document-layout.js';
import { DISTANCE_FIELD } from './query-engine-commands.js';

/** One document of an `FT.SEARCH` reply: its key, the fields returned, its score if asked. */
export interface SearchRow {
  key: string;
  fields: Record<string, unknown>;
  score?: number;
}

/** What an `FT.SEARCH` reply holds besides keys: nothing (`NOCONTENT`), or scores too. */
export interface SearchReplyShape {
  noContent?: boolean;
  withScores?: boolean;
}

function isNumeric(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'bigint';
}

/**
 * Parses an `FT.SEARCH` reply. RESP2: `[total, key, score?, [field, value, ...], key, ...]`
 * (a score with WITHSCORES, no field arrays with NOCONTENT). RESP3: a map with `total_results`
 * and `results`, each a map with `id`, `score` and `extra_attributes`, read as a `Map`, an
 * object or a flat array alike.
 */
export function parseSearchReply(
  reply: unknown,
  shape: SearchReplyShape = {},
): { total: number; rows: SearchRow[] } {
  if (Array.isArray(reply) && isNumeric(reply[0])) {
    const rows: SearchRow[] = [];
    const scores = shape.withScores ? 1 : 0;
    const step = 1 + scores + (shape.noContent ? 0 : 1);
    for (let index = 1; index < reply.length; index += step) {
      const key = replyToString(reply[index]);
      if (key === undefined) continue;
      const fields = shape.noContent ? {} : replyToRecord(reply[index + 1 + scores]);
      const score = scores ? replyToNumber(reply[index + 1]) : undefined;
      rows.push(score === undefined ? { key, fields } : { key, fields, score });
    }
    return { total: Number(reply[0]), rows };
  }
  const record = replyToRecord(reply);
  const results = Array.isArray(record.results) ? record.results : [];
  const rows: SearchRow[] = [];
  for (const result of results) {
    const entry = replyToRecord(result);
    const key = replyToString(entry.id);
    if (key === undefined) continue;
    const fields = replyToRecord(entry.extra_attributes);
    const score = shape.withScores ? replyToNumber(entry.score) : undefined;
    rows.push(score === undefined ? { key, fields } : { key, fields, score });
  }
  return { total: replyToNumber(record.total_results) ?? rows.length, rows };
}

/**
 * A document from the hash fields read of it (by `HMGET` or `FT.SEARCH ... RETURN`, see
 * `storedFields`), or `undefined` when they are gone (it expired or was deleted meanwhile).
 * Without a metadata JSON field (an attached index), its metadata is its declared fields:
 * numbers as numbers, text as it is, a tag as its value (an array when it holds several), a
 * point as `{ lon, lat }`.
 */
export function storedDocument(
  id: string,
  key: string,
  fields: Record<string, unknown>,
  schema: Pick<ResolvedSchema, 'fields'>,
  layout: DocumentLayout,
): StoredDocument | undefined {
  const content = fields[layout.contentField];
  if (layout.metadataField !== undefined) {
    const text = replyToString(fields[layout.metadataField]);
    return readStored(id, key, [
      content,
      text === undefined ? undefined : layout.readMetadata(text),
    ]);
  }
  const text = replyToString(content);
  if (text === undefined) return undefined;
  const metadata: Record<string, unknown> = {};
  for (const { name, type } of schema.fields) {
    const value = replyToString(fields[layout.attribute(name)]);
    if (value === undefined) continue;
    if (type === 'numeric') metadata[name] = Number(value);
    else if (type === 'tag') metadata[name] = layout.readTags(value);
    else if (type === 'geo') {
      const [lon, lat] = value.split(',').map(Number);
      metadata[name] = { lon, lat };
    } else metadata[name] = value;
  }
  return { id, content: text, metadata };
}

/**
 * The results of a query's `FT.SEARCH` reply, nearest first: documents whose hash expired after
 * the index found them come back without fields and are skipped, never returned half-empty.
 */
export function searchResults(
  reply: unknown,
  layout: DocumentLayout,
  query: Pick<PreparedQuery, 'k' | 'distanceThreshold' | 'returnVectors'>,
  schema: Pick<ResolvedSchema, 'fields' | 'datatype'>,
): VectorQueryResult[] {
  const results: VectorQueryResult[] = [];
  for (const { key, fields } of parseSearchReply(reply).rows) {
    const id = layout.idOf(key);
    const distance = replyToNumber(fields[DISTANCE_FIELD]);
    if (id === undefined || distance === undefined) continue;
    if (query.distanceThreshold !== undefined && distance > query.distanceThreshold) continue;
    const document = storedDocument(id, key, fields, schema, layout);
    if (!document) continue;
    if (query.returnVectors) {
      const blob = fields[layout.vectorField];
      if (!Buffer.isBuffer(blob)) continue;
      document.vector = decodeVector(blob, schema.datatype);
    }
    results.push({ ...document, distance });
  }
  return results.sort((a, b) => a.distance - b.distance).slice(0, query.k);
}

/** One attribute (field) of `FT.INFO`: names lowercased, flags (`NOSTEM`, ...) apart. */
export interface AttributeInfo {
  options: Map<string, unknown>;
  flags: Set<string>;
}

const VALUED_KEYS = new Set([
  'identifier',
  'attribute',
  'type',
  'weight',
  'separator',
  'algorithm',
  'data_type',
  'dim',
  'distance_metric',
  'm',
  'ef_construction',
  'ef_runtime',
  'epsilon',
  'flags',
]);

/**
 * Reads one attribute entry of `FT.INFO`. RESP2 mixes `key value` pairs with bare flags
 * (`... type TEXT WEIGHT 1 NOSTEM`), so known keys take the next item and anything else is a
 * flag; nested arrays (vector parameters in some versions, RESP3 `flags`) are read alike.
 */
export function parseAttribute(
  entry: unknown,
  into: AttributeInfo = emptyAttribute(),
): AttributeInfo {
  const isMap =
    typeof entry === 'object' && entry !== null && !Array.isArray(entry) && !Buffer.isBuffer(entry);
  if (isMap) {
    const flat: unknown[] = [];
    for (const [key, value] of Object.entries(replyToRecord(entry))) flat.push(key, value);
    return parseAttribute(flat, into);
  }
  const items = Array.isArray(entry) ? entry : [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (Array.isArray(item)) {
      parseAttribute(item, into);
      continue;
    }
    const token = replyToString(item)?.toLowerCase();
    if (token === undefined) continue;
    if (VALUED_KEYS.has(token) && index + 1 < items.length) {
      const value = items[++index];
      if (token === 'flags' && Array.isArray(value)) {
        for (const flag of value) into.flags.add(replyToString(flag)?.toUpperCase() ?? '');
      } else {
        into.options.set(token, value);
      }
    } else {
      into.flags.add(token.toUpperCase());
    }
  }
  return into;
}

function emptyAttribute(): AttributeInfo {
  return { options: new Map(), flags: new Set() };
}

/** What `FT.INFO` tells: prefixes, document count, attributes. */
export interface IndexInfo {
  /** `HASH` or `JSON`. */
  keyType: string;
  prefixes: string[];
  documents: number;
  attributes: AttributeInfo[];
}

/** Parses an `FT.INFO` reply (RESP2 flat arrays, RESP3 maps). */
export function parseInfoReply(reply: unknown): IndexInfo {
  const record = replyToRecord(reply);
  const definition = replyToRecord(record.index_definition);
  const prefixes = (Array.isArray(definition.prefixes) ? definition.prefixes : [])
    .map((prefix) => replyToString(prefix))
    .filter((prefix): prefix is string => prefix !== undefined);
  const attributes = (Array.isArray(record.attributes) ? record.attributes : []).map((entry) =>
    parseAttribute(entry),
  );
  const keyType = replyToString(definition.key_type)?.toUpperCase() ?? 'HASH';
  return { keyType, prefixes, documents: replyToNumber(record.num_docs) ?? 0, attributes };
}

const FIELD_TYPES: Record<string, FieldType> = {
  TAG: 'tag',
  NUMERIC: 'numeric',
  TEXT: 'text',
  GEO: 'geo',
};

function option(attribute: AttributeInfo, name: string): string | undefined {
  return replyToString(attribute.options.get(name));
}

/**
 * The schema an existing index has, as far as `FT.INFO` tells (older servers tell less), and
 * whether its content is indexed as full text (indexes made before hybrid queries are not).
 * An attached index may index more fields than the ones declared: only those are compared.
 */
export function existingSchema(
  info: IndexInfo,
  layout: DocumentLayout,
  declared: readonly FieldDefinition[],
): ExistingSchema & { fullText: boolean; indexMissing: Set<string> } {
  const name = (attribute: AttributeInfo) =>
    option(attribute, 'attribute') ?? option(attribute, 'identifier');
  const type = (attribute: AttributeInfo) => option(attribute, 'type')?.toUpperCase();
  const vector = info.attributes.find((attribute) => name(attribute) === layout.vectorField);
  const content = info.attributes.find(
    (attribute) => name(attribute) === layout.contentField && type(attribute) === 'TEXT',
  );
  const own = new Set([vector, content]);
  const prefix = layout.fieldPrefix;
  let fields: FieldDefinition[] = info.attributes
    .filter((attribute) => !own.has(attribute) && name(attribute) !== layout.metadataField)
    .filter((attribute) => (name(attribute) ?? '').startsWith(prefix))
    .map((attribute) => {
      const kind = type(attribute) ?? 'UNKNOWN';
      const field = (name(attribute) ?? '?').slice(prefix.length);
      return { name: field, type: FIELD_TYPES[kind] ?? (kind as FieldType) };
    });
  if (!layout.owned) {
    const wanted = new Set(declared.map((field) => field.name));
    fields = fields.filter((field) => wanted.has(field.name));
  }
  const indexMissing = new Set(
    info.attributes
      .filter((attribute) => attribute.flags.has('INDEXMISSING'))
      .map((attribute) => (name(attribute) ?? '').slice(prefix.length)),
  );
  const mismatches: string[] = [];
  if (info.keyType !== 'HASH') {
    mismatches.push(
      `documents: the index holds ${info.keyType} documents; only HASH documents are read`,
    );
  }
  if (!info.prefixes.includes(layout.prefix)) {
    mismatches.push(
      `prefix: index has ${info.prefixes.map((each) => `"${each}"`).join(', ') || 'none'}, asked for "${layout.prefix}"`,
    );
  }
  if (!vector || type(vector) !== 'VECTOR') {
    mismatches.push(`vector field: the index has no VECTOR field named "${layout.vectorField}"`);
  }
  const upper = (value: string | undefined) => value?.toUpperCase();
  const number = (value: unknown) => replyToNumber(value);
  return {
    dimension: vector ? number(vector.options.get('dim')) : undefined,
    metric: upper(vector && option(vector, 'distance_metric')) as DistanceMetric | undefined,
    algorithm: upper(vector && option(vector, 'algorithm')) as VectorAlgorithm | undefined,
    datatype: upper(vector && option(vector, 'data_type')) as VectorDatatype | undefined,
    m: vector ? number(vector.options.get('m')) : undefined,
    efConstruction: vector ? number(vector.options.get('ef_construction')) : undefined,
    fields,
    mismatches,
    fullText: content !== undefined,
    indexMissing,
  };
}
