import {
  DimensionMismatchError,
  InvalidArgumentError,
  InvalidVectorError,
  SerializationError,
} from '../errors.js';
import { geoValue, numericValue, tagValues, textValue } from '../filter/index.js';
import { encodeKeySegment } from '../key-schema.js';
import { checkTtlSeconds } from '../option-checks.js';
import { type VectorInput, validateVector } from '../vector-encoding.js';
import type { PreparedDocument } from './engine.js';
import type { ResolvedSchema } from './resolve-schema.js';
import type { VectorDocument } from './vector-index-options.js';

/** Where a vector comes from, for error messages. */
export interface VectorOrigin {
  /** The index's name. */
  index: string;
  /** e.g. `documents[3]` or `the query vector`. */
  what: string;
  /** The dimension expected, when known. */
  dimension: number | undefined;
}

/**
 * Checks a vector: finite numbers, the expected dimension, and no zero vector for COSINE.
 *
 * @throws {DimensionMismatchError} naming both dimensions, or {@link InvalidVectorError}.
 */
export function checkVector(
  vector: unknown,
  schema: ResolvedSchema,
  origin: VectorOrigin,
): VectorInput {
  let values: VectorInput;
  try {
    values = validateVector(vector, origin.dimension);
  } catch (error) {
    if (DimensionMismatchError.isInstance(error)) {
      throw new DimensionMismatchError(
        error.expected,
        error.actual,
        `index "${origin.index}" has ${error.expected} dimensions but ${origin.what} has ${error.actual}; use the embedding model the index was built with, or drop the index`,
      );
    }
    if (InvalidVectorError.isInstance(error)) {
      throw new InvalidVectorError(`${origin.what}: ${error.message}`);
    }
    throw error;
  }
  if (schema.metric === 'COSINE' && values.every((value) => value === 0)) {
    throw new InvalidVectorError(
      `${origin.what} is a zero vector: it has no direction, so its cosine distance is undefined`,
    );
  }
  return values;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Checks the declared fields of stored metadata (as it reads back from JSON). */
function checkFields(metadata: Record<string, unknown>, schema: ResolvedSchema): void {
  for (const field of schema.fields) {
    const value = Object.hasOwn(metadata, field.name) ? metadata[field.name] : undefined;
    if (field.type === 'tag') tagValues(value, field.name);
    else if (field.type === 'numeric') numericValue(value, field.name);
    else if (field.type === 'geo') geoValue(value, field.name);
    else textValue(value, field.name);
  }
}

function serializeMetadata(metadata: unknown, index: number): string {
  if (metadata === undefined) return '{}';
  if (!isPlainObject(metadata)) {
    throw new InvalidArgumentError(`documents[${index}].metadata must be a plain object`);
  }
  try {
    return JSON.stringify(metadata);
  } catch (error) {
    throw new SerializationError(`documents[${index}].metadata is not JSON-serializable`, {
      cause: error,
    });
  }
}

/**
 * Checks a batch before anything is written, and returns it ready for an engine along with
 * the dimension it has (the schema's, or the first vector's when the schema has none yet).
 *
 * @throws {InvalidArgumentError}, {@link InvalidKeyError}, {@link InvalidVectorError},
 *   {@link DimensionMismatchError} or {@link SerializationError}, naming the document.
 */
export function prepareDocuments(
  documents: readonly VectorDocument[],
  schema: ResolvedSchema,
  options: { index: string; generateId: () => string; now: () => number },
): { prepared: PreparedDocument[]; dimension: number | undefined } {
  if (!Array.isArray(documents)) {
    throw new InvalidArgumentError('`documents` must be an array');
  }
  let dimension = schema.dimension;
  const prepared = documents.map((document, index): PreparedDocument => {
    if (!isPlainObject(document as unknown)) {
      throw new InvalidArgumentError(`documents[${index}] must be an object`);
    }
    const id = document.id ?? options.generateId();
    encodeKeySegment(id, `documents[${index}].id`);
    if (typeof document.content !== 'string') {
      throw new InvalidArgumentError(`documents[${index}].content must be a string`);
    }
    const vector = checkVector(document.vector, schema, {
      index: options.index,
      what: `documents[${index}]`,
      dimension,
    });
    dimension ??= vector.length;
    const metadataJson = serializeMetadata(document.metadata, index);
    const metadata = JSON.parse(metadataJson) as Record<string, unknown>;
    checkFields(metadata, schema);
    const ttl = checkTtlSeconds(document.ttl, `documents[${index}].ttl`);
    const expiresAt = ttl === undefined ? undefined : Math.ceil(options.now() + ttl * 1000);
    return { id, vector, content: document.content, metadataJson, metadata, expiresAt };
  });
  return { prepared, dimension };
}
