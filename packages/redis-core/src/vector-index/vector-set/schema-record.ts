import { CorruptDataError } from '../../errors.js';
import type { ExistingSchema, ResolvedSchema } from '../resolve-schema.js';

/**
 * The schema record's version. 2: every element lists its declared fields without a value,
 * tags included, under `__missing` (version 1 listed numeric fields only).
 */
export const RECORD_VERSION = 2;

/**
 * The JSON record of a vector-set index's schema (vector sets keep no schema of their own for
 * what they do not store: the fields, the HNSW parameters, the datatype asked for).
 */
export function schemaRecord(schema: ResolvedSchema): string {
  return JSON.stringify({
    engine: 'vector-set',
    version: RECORD_VERSION,
    dimension: schema.dimension,
    metric: schema.metric,
    algorithm: schema.algorithm,
    m: schema.m,
    efConstruction: schema.efConstruction,
    datatype: schema.datatype,
    quantization: schema.quantization,
    fields: schema.fields,
  });
}

/** Drops the keys whose value is `undefined`. */
export function definedOnly<T extends object>(schema: T): T {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined)) as T;
}

/**
 * Reads a record written by {@link schemaRecord} (a version-1 record has no `version`).
 *
 * @throws {CorruptDataError} when it is not one.
 */
export function parseRecord(text: string, key: string): ExistingSchema & { version?: number } {
  try {
    const record = JSON.parse(text) as ExistingSchema & { engine?: unknown; version?: number };
    if (record.engine !== 'vector-set' || typeof record !== 'object') throw new Error('not ours');
    return definedOnly({
      version: record.version,
      dimension: record.dimension,
      metric: record.metric,
      algorithm: record.algorithm,
      m: record.m,
      efConstruction: record.efConstruction,
      datatype: record.datatype,
      quantization: record.quantization,
      fields: record.fields,
    });
  } catch (error) {
    throw new CorruptDataError(`the schema record of a vector index is not valid`, key, {
      cause: error,
    });
  }
}
