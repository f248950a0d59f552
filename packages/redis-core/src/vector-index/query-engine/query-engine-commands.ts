import { compareVersions, type RedisCapabilities } from '../../capabilities.js';
import type { RedisArgument } from '../../connection-options.js';
import { InvalidArgumentError } from '../../errors.js';
import { geoValue, numberLiteral, numericValue, tagValues, textValue } from '../../filter/index.js';
import { encodeVector } from '../../vector-encoding.js';
import type { PreparedDocument, PreparedQuery } from '../engine.js';
import type { IndexKeys } from '../index-keys.js';
import type { ResolvedSchema } from '../resolve-schema.js';
import { type DocumentLayout, queryAttribute } from './document-layout.js';

/** The hash field that holds the vector. */
export const VECTOR_FIELD = 'vector';
/** The name the distance is returned under. */
export const DISTANCE_FIELD = '__distance';
/** The hash field of the document's text, indexed for full-text search (hybrid queries). */
export const CONTENT_FIELD = 'content';
/** Tag values are joined with it; encoded values never hold it. */
const TAG_SEPARATOR = ',';

/**
 * `FT.CREATE`: hashes under the index's document prefix; the vector field, the content as
 * full text (stemmed, for hybrid queries' BM25), then the declared fields (tags joined with
 * `,`, text without stemming, so that a text filter matches whole words exactly as the
 * in-memory evaluator does). No stop words: a filter's words all count.
 */
export function createCommand(
  keys: IndexKeys,
  schema: ResolvedSchema,
  options: { indexMissing: boolean } = { indexMissing: true },
): RedisArgument[] {
  if (schema.dimension === undefined) throw new Error('FT.CREATE needs a dimension');
  const vector = [
    'TYPE',
    schema.datatype,
    'DIM',
    String(schema.dimension),
    'DISTANCE_METRIC',
    schema.metric,
  ];
  if (schema.algorithm === 'HNSW') {
    vector.push(
      'M',
      String(schema.m),
      'EF_CONSTRUCTION',
      String(schema.efConstruction),
      'EF_RUNTIME',
      String(schema.efRuntime),
    );
  }
  // INDEXMISSING (RediSearch 2.10 on) lets a query find the documents without the field.
  const missing = options.indexMissing ? ['INDEXMISSING'] : [];
  const fields = schema.fields.flatMap(({ name, type }) => {
    if (type === 'tag') return [name, 'TAG', 'SEPARATOR', TAG_SEPARATOR, ...missing];
    if (type === 'numeric') return [name, 'NUMERIC', ...missing];
    if (type === 'geo') return [name, 'GEO', ...missing];
    return [name, 'TEXT', 'NOSTEM', ...missing];
  });
  return [
    'FT.CREATE',
    keys.name,
    'ON',
    'HASH',
    'PREFIX',
    '1',
    keys.documentPrefix,
    'STOPWORDS',
    '0',
    'SCHEMA',
    VECTOR_FIELD,
    'VECTOR',
    schema.algorithm,
    String(vector.length),
    ...vector,
    CONTENT_FIELD,
    'TEXT',
    ...fields,
  ];
}

/** The hash fields of a document: content, metadata JSON, vector blob, declared fields. */
export function documentFields(
  document: PreparedDocument,
  schema: ResolvedSchema,
  layout: DocumentLayout,
): RedisArgument[] {
  const fields: RedisArgument[] = [layout.contentField, document.content];
  if (layout.metadataField !== undefined) {
    fields.push(layout.metadataField, layout.storeMetadata(document.metadataJson));
  } else {
    // Only the declared fields are kept: anything else would be lost without a word.
    const declared = new Set(schema.fields.map(({ name }) => name));
    const lost = Object.keys(document.metadata).filter((name) => !declared.has(name));
    if (lost.length > 0) {
      throw new InvalidArgumentError(
        `document "${document.id}": the index keeps each metadata field in a hash field of its own and only the declared ones (\`metadataSchema\`), so ${lost.map((name) => `"${name}"`).join(', ')} would be lost; declare them (and the index must have them) or leave them out`,
      );
    }
  }
  fields.push(layout.vectorField, encodeVector(document.vector, { datatype: schema.datatype }));
  for (const { name, type } of schema.fields) {
    const value = Object.hasOwn(document.metadata, name) ? document.metadata[name] : undefined;
    const field = layout.attribute(name);
    if (type === 'tag') {
      const values = tagValues(value, name);
      if (values.length > 0) fields.push(field, layout.storedTags(values, name));
    } else if (type === 'numeric') {
      const number = numericValue(value, name);
      if (number !== undefined) fields.push(field, String(number));
    } else if (type === 'geo') {
      const point = geoValue(value, name);
      if (point !== undefined)
        fields.push(field, `${numberLiteral(point.lon)},${numberLiteral(point.lat)}`);
    } else {
      const text = textValue(value, name);
      if (text !== undefined) fields.push(field, text);
    }
  }
  return fields;
}

/**
 * The commands that write one document, for one MULTI: the hash is deleted first so that no
 * stale field (a tag the new metadata lacks) survives, then written, then given its expiry.
 */
export function writeCommands(
  document: PreparedDocument,
  layout: DocumentLayout,
  schema: ResolvedSchema,
): RedisArgument[][] {
  const key = layout.key(document.id);
  const commands: RedisArgument[][] = [
    ['DEL', key],
    ['HSET', key, ...documentFields(document, schema, layout)],
  ];
  if (document.expiresAt !== undefined) {
    commands.push(['PEXPIREAT', key, String(document.expiresAt)]);
  }
  return commands;
}

/**
 * `FT.SEARCH` for a query: always a KNN (`<filter>=>[KNN k @vector $vector EF_RUNTIME $ef AS
 * __distance]`), sorted by distance, `k` at most, `DIALECT 2` (servers default to 1). A
 * distance threshold is applied to the KNN's results, never sent as a `VECTOR_RANGE`: a range
 * on HNSW is approximate in its own way (it stops exploring at the radius times an epsilon) and,
 * under a selective filter, missed documents well inside the radius that the KNN of the same
 * filter finds (the KNN then searches the filtered documents exhaustively).
 */
export function searchCommand(
  keys: IndexKeys,
  schema: ResolvedSchema,
  query: PreparedQuery,
  layout: DocumentLayout,
): RedisArgument[] {
  const params: RedisArgument[] = [
    'vector',
    encodeVector(query.vector, { datatype: schema.datatype }),
  ];
  let knn = `KNN ${query.k} @${queryAttribute(layout.vectorField)} $vector`;
  if (schema.algorithm === 'HNSW') {
    knn += ' EF_RUNTIME $ef';
    params.push('ef', String(query.efRuntime));
    if (query.batches && query.filter !== undefined) knn += ' HYBRID_POLICY BATCHES';
  }
  const text = `${query.filter === undefined ? '*' : `(${query.filter})`}=>[${knn} AS ${DISTANCE_FIELD}]`;
  const returned = [...storedFields(schema, layout), DISTANCE_FIELD];
  if (query.returnVectors) returned.push(layout.vectorField);
  return [
    'FT.SEARCH',
    keys.name,
    text,
    'PARAMS',
    String(params.length),
    ...params,
    'RETURN',
    String(returned.length),
    ...returned,
    'SORTBY',
    DISTANCE_FIELD,
    'ASC',
    'LIMIT',
    '0',
    String(query.k),
    'DIALECT',
    '2',
  ];
}

/** `FT.SEARCH` for how many documents match a filter (the total alone). */
export function countCommand(keys: IndexKeys, filter: string): RedisArgument[] {
  return ['FT.SEARCH', keys.name, filter, 'LIMIT', '0', '0', 'DIALECT', '2'];
}

/** Documents a filtered delete removes per round. */
export const DELETE_BATCH = 1000;

/** `FT.SEARCH` for the keys of up to `count` documents matching a filter. */
export function matchingKeysCommand(
  keys: IndexKeys,
  filter: string,
  count: number,
): RedisArgument[] {
  return ['FT.SEARCH', keys.name, filter, 'NOCONTENT', 'LIMIT', '0', String(count), 'DIALECT', '2'];
}

/**
 * `FT.SEARCH` for a hybrid query's text ranking: documents holding any of `terms` in their
 * content (and matching the filter), best BM25 first, with their scores, content, metadata and
 * vector (for their distance to the query). `terms` are words of letters, digits and `_` (see
 * `planHybridQuery`): nothing the query syntax treats specially.
 */
export function textSearchCommand(
  keys: IndexKeys,
  schema: ResolvedSchema,
  layout: DocumentLayout,
  query: { terms: readonly string[]; filter: string | undefined; count: number },
): RedisArgument[] {
  const { terms, filter, count } = query;
  const text = `@${queryAttribute(layout.contentField)}:(${terms.join(' | ')})${filter === undefined ? '' : ` (${filter})`}`;
  const returned = [...storedFields(schema, layout), layout.vectorField];
  return [
    'FT.SEARCH',
    keys.name,
    text,
    'WITHSCORES',
    'SCORER',
    'BM25STD',
    'RETURN',
    String(returned.length),
    ...returned,
    'LIMIT',
    '0',
    String(count),
    'DIALECT',
    '2',
  ];
}

/**
 * The hash fields a document is read from: its content, then its metadata JSON, or (for an
 * attached index without one) each declared field.
 */
export function storedFields(schema: ResolvedSchema, layout: DocumentLayout): string[] {
  const metadata =
    layout.metadataField === undefined
      ? schema.fields.map(({ name }) => layout.attribute(name))
      : [layout.metadataField];
  return [layout.contentField, ...metadata];
}

/** Whether the server's Query Engine takes `INDEXMISSING` (RediSearch 2.10 on). */
export function supportsIndexMissing(capabilities: RedisCapabilities): boolean {
  const version = capabilities.queryEngine?.version ?? 'unknown';
  return /^\d+\.\d+/.test(version) && compareVersions(version, '2.10.0') >= 0;
}

/** Whether the server's Query Engine takes `HYBRID_POLICY` in a KNN (RediSearch 2.6 on). */
export function supportsHybridPolicy(capabilities: RedisCapabilities): boolean {
  const version = capabilities.queryEngine?.version ?? 'unknown';
  return /^\d+\.\d+/.test(version) && compareVersions(version, '2.6.0') >= 0;
}
