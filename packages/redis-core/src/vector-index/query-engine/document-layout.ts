import { InvalidArgumentError, InvalidFilterError } from '../../errors.js';
import { encodeTagValue } from '../../filter/index.js';
import type { IndexKeys } from '../index-keys.js';

/**
 * An index made by another library (`@langchain/redis`, LangChain Python, RedisVL) that a
 * `VectorIndex` attaches to instead of making its own: where its documents are and what their
 * hash fields are called. The index's `FT.INFO` is checked against it when it opens.
 */
export interface ExistingIndexLayout {
  /** The documents' key prefix (the index's `PREFIX`); a document's key is it plus the id. */
  keyPrefix: string;
  /** The hash field of the document's text. */
  contentField: string;
  /** The hash field (and index attribute) of the vector. */
  vectorField: string;
  /**
   * The hash field holding the whole metadata as JSON, if the documents have one; without it
   * a document's metadata is its declared fields, read back from their own hash fields.
   */
  metadataField?: string;
  /**
   * How that JSON is stored: as it is, or with `-`, `:` and `"` escaped by a backslash (what
   * `@langchain/redis` writes). @default 'none'
   */
  metadataEscaping?: 'none' | 'backslash';
  /**
   * What precedes a declared field's name in the index's attribute and hash field names
   * (`metadata.` for `@langchain/redis`: the field `genre` is `metadata.genre`). @default ''
   */
  fieldPrefix?: string;
  /** The separator of the index's TAG fields, for tag arrays. @default ',' */
  tagSeparator?: string;
}

/** The layout of an index made by `@langchain/redis`'s `RedisVectorStore`, given its options. */
export function langchainRedisLayout(
  indexName: string,
  options: {
    keyPrefix?: string;
    contentKey?: string;
    vectorKey?: string;
    metadataKey?: string;
  } = {},
): ExistingIndexLayout {
  const metadataKey = options.metadataKey ?? 'metadata';
  return {
    keyPrefix: options.keyPrefix ?? `doc:${indexName}:`,
    contentField: options.contentKey ?? 'content',
    vectorField: options.vectorKey ?? 'content_vector',
    metadataField: metadataKey,
    metadataEscaping: 'backslash',
    fieldPrefix: `${metadataKey}.`,
  };
}

/**
 * The layout of an index made by LangChain Python's `RedisVectorStore` (`langchain-redis`, on
 * RedisVL) with HASH storage, given its `RedisConfig` settings: keys `<key_prefix>:<id>`, the
 * content in `text`, the vector in `embedding`, each metadata field in a hash field of its
 * own (no JSON of the whole metadata), tags separated by `|`.
 */
export function langchainPythonLayout(
  indexName: string,
  options: {
    keyPrefix?: string;
    contentField?: string;
    embeddingField?: string;
    tagSeparator?: string;
  } = {},
): ExistingIndexLayout {
  return {
    keyPrefix: `${options.keyPrefix ?? indexName}:`,
    contentField: options.contentField ?? 'text',
    vectorField: options.embeddingField ?? 'embedding',
    tagSeparator: options.tagSeparator ?? '|',
  };
}

/** How the Query Engine engine lays out documents: its own way, or an attached index's. */
export interface DocumentLayout {
  /** The documents' key prefix (`FT.CREATE ... PREFIX`). */
  readonly prefix: string;
  readonly contentField: string;
  readonly vectorField: string;
  readonly metadataField: string | undefined;
  /** Whether this library made the index, and may make it again. */
  readonly owned: boolean;
  key(id: string): string;
  idOf(key: string): string | undefined;
  /** Metadata JSON as stored, and back. */
  storeMetadata(json: string): string;
  readMetadata(text: string): string;
  /** What precedes a declared field's name in its attribute name (`''` but when attached). */
  readonly fieldPrefix: string;
  /** The index attribute (and hash field) of a declared field. */
  attribute(field: string): string;
  /** Tag values as one stored hash field. @throws {InvalidArgumentError} for one it cannot store. */
  storedTags(values: readonly string[], field: string): string;
  /** A stored tag field as metadata: one value, or several when it holds the separator. */
  readTags(text: string): string | string[];
  /** A tag value as a query names it, inside `{...}`. @throws {InvalidFilterError} */
  queryTag(value: string, field: string): string;
}

/**
 * An attribute name as a query names it after `@`: characters other than letters, digits and
 * `_` (the `.` of `metadata.genre`) are escaped, or the query syntax would read them.
 */
export function queryAttribute(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, (character) => `\\${character}`);
}

/** Tag values are joined with it in our own indexes; encoded values never hold it. */
const OWN_TAG_SEPARATOR = ',';

/** The layout of the indexes this library makes (see `IndexKeys`). */
export function ownLayout(keys: IndexKeys): DocumentLayout {
  return {
    prefix: keys.documentPrefix,
    contentField: 'content',
    vectorField: 'vector',
    metadataField: 'metadata',
    owned: true,
    fieldPrefix: '',
    key: (id) => keys.document(id),
    idOf: (key) => keys.documents.idOf('doc', key),
    storeMetadata: (json) => json,
    readMetadata: (text) => text,
    attribute: (field) => field,
    storedTags: (values) => values.map(encodeTagValue).join(OWN_TAG_SEPARATOR),
    // Never read: our documents keep their metadata as JSON.
    readTags: (text) => text,
    queryTag: (value) => encodeTagValue(value),
  };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;

function checkName(value: unknown, option: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new InvalidArgumentError(
      `\`${option}\` must be a field name of letters, digits, "_", ".", ":" or "-", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * A tag value as a query of an attached index names it: stored as written there (not in our
 * encoding), so every character the query syntax could read is escaped with a backslash. Only
 * printable ASCII is taken: how the server folds and splits other characters in a tag is not
 * something a query can be sure to match, so such a value is refused rather than guessed.
 */
function escapeTag(value: string, field: string): string {
  if (value.length === 0 || !/^[\x20-\x7e]+$/.test(value)) {
    throw new InvalidFilterError(
      `tag "${field}" of an attached index can be compared with non-empty printable ASCII only, not ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  // `_` too: the parser refuses a lone `_` as a tag (found by the property test), not `\_`.
  return value.replace(/[^A-Za-z0-9]/g, (character) => `\\${character}`);
}

/** The layout of an index another library made. @throws {InvalidArgumentError} */
export function attachedLayout(layout: ExistingIndexLayout): DocumentLayout {
  if (typeof layout !== 'object' || layout === null) {
    throw new InvalidArgumentError(
      '`existingIndex` must be a layout: { keyPrefix, contentField, vectorField, ... }',
    );
  }
  const { keyPrefix } = layout;
  if (typeof keyPrefix !== 'string' || keyPrefix.length === 0 || keyPrefix.length > 256) {
    throw new InvalidArgumentError(
      "`existingIndex.keyPrefix` must be the index's non-empty key prefix",
    );
  }
  const contentField = checkName(layout.contentField, 'existingIndex.contentField');
  const vectorField = checkName(layout.vectorField, 'existingIndex.vectorField');
  const metadataField =
    layout.metadataField === undefined
      ? undefined
      : checkName(layout.metadataField, 'existingIndex.metadataField');
  const fieldPrefix = layout.fieldPrefix ?? '';
  if (fieldPrefix !== '') checkName(fieldPrefix, 'existingIndex.fieldPrefix');
  const separator = layout.tagSeparator ?? ',';
  if (typeof separator !== 'string' || separator.length !== 1) {
    throw new InvalidArgumentError('`existingIndex.tagSeparator` must be one character');
  }
  const escaped = layout.metadataEscaping === 'backslash';
  if (layout.metadataEscaping !== undefined && !escaped && layout.metadataEscaping !== 'none') {
    throw new InvalidArgumentError(
      '`existingIndex.metadataEscaping` must be "none" or "backslash"',
    );
  }
  return {
    prefix: keyPrefix,
    contentField,
    vectorField,
    metadataField,
    owned: false,
    fieldPrefix,
    key: (id) => keyPrefix + id,
    idOf: (key) => (key.startsWith(keyPrefix) ? key.slice(keyPrefix.length) : undefined),
    storeMetadata: (json) =>
      escaped ? json.replaceAll('-', '\\-').replaceAll(':', '\\:').replaceAll('"', '\\"') : json,
    readMetadata: (text) =>
      escaped ? text.replaceAll('\\-', '-').replaceAll('\\:', ':').replaceAll('\\"', '"') : text,
    attribute: (field) => fieldPrefix + field,
    storedTags: (values, field) => {
      for (const value of values) {
        if (value.includes(separator)) {
          throw new InvalidArgumentError(
            `metadata field "${field}": the tag value ${JSON.stringify(value.slice(0, 40))} holds the index's tag separator "${separator}", so it would be read back as several tags`,
          );
        }
      }
      return values.join(separator);
    },
    readTags: (text) => (text.includes(separator) ? text.split(separator) : text),
    queryTag: escapeTag,
  };
}
