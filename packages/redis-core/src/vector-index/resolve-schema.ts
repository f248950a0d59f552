import { InvalidArgumentError } from '../errors.js';
import {
  checkFieldName,
  FIELD_TYPE,
  type FieldDefinition,
  type FieldType,
} from '../filter/index.js';
import { VECTOR_DATATYPE, type VectorDatatype } from '../vector-encoding.js';
import {
  DISTANCE_METRIC,
  type DistanceMetric,
  VECTOR_ALGORITHM,
  VECTOR_QUANTIZATION,
  type VectorAlgorithm,
  type VectorIndexSchema,
  type VectorQuantization,
} from './vector-index-options.js';

/** A schema with every default applied and every value checked. */
export interface ResolvedSchema {
  dimension: number | undefined;
  metric: DistanceMetric;
  algorithm: VectorAlgorithm;
  m: number;
  efConstruction: number;
  efRuntime: number;
  datatype: VectorDatatype;
  quantization: VectorQuantization;
  fields: readonly FieldDefinition[];
  fieldTypes: ReadonlyMap<string, FieldType>;
}

/** Field names the stored hashes use themselves. */
const RESERVED_FIELDS = new Set(['content', 'metadata', 'vector']);

/** Largest dimension either engine takes. */
export const MAX_DIMENSION = 32_768;

/** Checks a positive integer option. */
export function positiveInteger(value: unknown, option: string, max = 2 ** 31 - 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError(
      `\`${option}\` must be an integer from 1 to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: Record<string, T>, option: string): T {
  const values = Object.values(allowed);
  if (!values.includes(value as T)) {
    throw new InvalidArgumentError(
      `\`${option}\` must be one of ${values.map((item) => `"${item}"`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/** Applies the defaults to a schema and checks it. @throws {InvalidArgumentError} */
export function resolveSchema(schema: VectorIndexSchema = {}): ResolvedSchema {
  const hnsw = schema.hnsw ?? {};
  const fields = (schema.fields ?? []).map((field): FieldDefinition => {
    const name = checkFieldName(field?.name, InvalidArgumentError);
    if (RESERVED_FIELDS.has(name)) {
      throw new InvalidArgumentError(
        `field name "${name}" is reserved for the document itself; rename the metadata field`,
      );
    }
    return { name, type: oneOf(field.type, FIELD_TYPE, `fields.${name}.type`) };
  });
  const fieldTypes = new Map(fields.map((field) => [field.name, field.type]));
  if (fieldTypes.size !== fields.length) {
    throw new InvalidArgumentError('`schema.fields` declares a field twice');
  }
  return {
    dimension:
      schema.dimension === undefined
        ? undefined
        : positiveInteger(schema.dimension, 'schema.dimension', MAX_DIMENSION),
    metric: oneOf(schema.metric ?? DISTANCE_METRIC.cosine, DISTANCE_METRIC, 'schema.metric'),
    algorithm: oneOf(
      schema.algorithm ?? VECTOR_ALGORITHM.hnsw,
      VECTOR_ALGORITHM,
      'schema.algorithm',
    ),
    m: positiveInteger(hnsw.m ?? 16, 'schema.hnsw.m', 512),
    efConstruction: positiveInteger(
      hnsw.efConstruction ?? 200,
      'schema.hnsw.efConstruction',
      1_000_000,
    ),
    efRuntime: positiveInteger(hnsw.efRuntime ?? 100, 'schema.hnsw.efRuntime', 1_000_000),
    datatype: oneOf(schema.datatype ?? VECTOR_DATATYPE.float32, VECTOR_DATATYPE, 'schema.datatype'),
    quantization: oneOf(
      schema.quantization ?? VECTOR_QUANTIZATION.none,
      VECTOR_QUANTIZATION,
      'schema.quantization',
    ),
    fields,
    fieldTypes,
  };
}

/** What an existing index reports of its schema; what an engine cannot tell is left out. */
export type ExistingSchema = Partial<
  Pick<
    ResolvedSchema,
    'dimension' | 'metric' | 'algorithm' | 'm' | 'efConstruction' | 'datatype' | 'quantization'
  >
> & {
  fields?: readonly FieldDefinition[];
  /** Differences only the engine can see (an index over another key prefix, ...). */
  mismatches?: readonly string[];
};

function describeFields(fields: readonly FieldDefinition[]): string {
  if (fields.length === 0) return 'none';
  return [...fields]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((field) => `${field.name} (${field.type})`)
    .join(', ');
}

/**
 * What differs between the schema asked for and an existing index's, one readable line per
 * difference (`dimension: index has 384, asked for 512`). A dimension left open matches any.
 */
export function schemaDifferences(asked: ResolvedSchema, existing: ExistingSchema): string[] {
  const differences: string[] = [...(existing.mismatches ?? [])];
  const compare = (name: string, index: unknown, wanted: unknown) => {
    if (index !== undefined && wanted !== undefined && index !== wanted) {
      differences.push(`${name}: index has ${String(index)}, asked for ${String(wanted)}`);
    }
  };
  compare('dimension', existing.dimension, asked.dimension);
  compare('metric', existing.metric, asked.metric);
  compare('algorithm', existing.algorithm, asked.algorithm);
  compare('datatype', existing.datatype, asked.datatype);
  compare('quantization', existing.quantization, asked.quantization);
  if (asked.algorithm === VECTOR_ALGORITHM.hnsw && existing.algorithm !== VECTOR_ALGORITHM.flat) {
    compare('hnsw.m', existing.m, asked.m);
    compare('hnsw.efConstruction', existing.efConstruction, asked.efConstruction);
  }
  if (existing.fields !== undefined) {
    const index = describeFields(existing.fields);
    const wanted = describeFields(asked.fields);
    if (index !== wanted) differences.push(`fields: index has ${index}, asked for ${wanted}`);
  }
  return differences;
}
