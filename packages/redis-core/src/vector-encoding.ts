import { DimensionMismatchError, InvalidVectorError } from './errors.js';

/** The element types a stored vector can have. */
export const VECTOR_DATATYPE = {
  float32: 'FLOAT32',
  float64: 'FLOAT64',
  float16: 'FLOAT16',
  bfloat16: 'BFLOAT16',
} as const;

/** One of the {@link VECTOR_DATATYPE} values. */
export type VectorDatatype = (typeof VECTOR_DATATYPE)[keyof typeof VECTOR_DATATYPE];

/** A vector as callers hand it to us. */
export type VectorInput = readonly number[] | Float32Array | Float64Array;

const BYTES_PER_ELEMENT: Record<VectorDatatype, number> = {
  FLOAT32: 4,
  FLOAT64: 8,
  FLOAT16: 2,
  BFLOAT16: 2,
};

/**
 * Checks that `vector` is a list of finite numbers (and has `dimension` elements, when given).
 *
 * @throws {InvalidVectorError} for a non-array, an empty vector, NaN or an infinity.
 * @throws {DimensionMismatchError} when the length differs from `dimension`.
 */
export function validateVector(vector: unknown, dimension?: number): VectorInput {
  if (
    !Array.isArray(vector) &&
    !(vector instanceof Float32Array) &&
    !(vector instanceof Float64Array)
  ) {
    throw new InvalidVectorError(
      'a vector must be an array of numbers, a Float32Array or a Float64Array',
    );
  }
  const values = vector as VectorInput;
  if (values.length === 0)
    throw new InvalidVectorError('a vector must have at least one dimension');
  if (dimension !== undefined && values.length !== dimension) {
    throw new DimensionMismatchError(dimension, values.length);
  }
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidVectorError(
        `the vector holds ${String(value)} at position ${index}; every element must be a finite number`,
      );
    }
  }
  return values;
}

// IEEE 754 half precision, rounding to nearest even.
function toFloat16Bits(value: number): number {
  const float = new Float32Array([value]);
  const bits = new Uint32Array(float.buffer)[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  let mantissa = bits & 0x7fffff;
  if (exponent >= 0x1f) return sign | 0x7c00; // overflow: infinity
  if (exponent <= 0) {
    if (exponent < -10) return sign; // underflow: signed zero
    mantissa |= 0x800000;
    const shift = 14 - exponent;
    const half = 1 << (shift - 1);
    let result = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    if (remainder > half || (remainder === half && (result & 1) === 1)) result++;
    return sign | result;
  }
  let result = sign | (exponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  if (remainder > 0x1000 || (remainder === 0x1000 && (result & 1) === 1)) result++;
  return result;
}

function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (mantissa / 1024);
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + mantissa / 1024);
}

// bfloat16 is the upper half of a float32, rounded to nearest even.
function toBfloat16Bits(value: number): number {
  const bits = new Uint32Array(new Float32Array([value]).buffer)[0] ?? 0;
  const rounding = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + rounding) >>> 16) & 0xffff;
}

function fromBfloat16Bits(bits: number): number {
  return new Float32Array(new Uint32Array([bits << 16]).buffer)[0] ?? 0;
}

/**
 * Encodes a vector as the little-endian binary blob Redis stores (`FLOAT32` by default).
 *
 * @throws {InvalidVectorError} or {@link DimensionMismatchError}, see {@link validateVector}.
 */
export function encodeVector(
  vector: VectorInput,
  options: { dimension?: number; datatype?: VectorDatatype } = {},
): Buffer {
  const values = validateVector(vector, options.dimension);
  const datatype = options.datatype ?? VECTOR_DATATYPE.float32;
  const buffer = Buffer.allocUnsafe(values.length * BYTES_PER_ELEMENT[datatype]);
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    switch (datatype) {
      case 'FLOAT32':
        buffer.writeFloatLE(value, index * 4);
        break;
      case 'FLOAT64':
        buffer.writeDoubleLE(value, index * 8);
        break;
      case 'FLOAT16':
        buffer.writeUInt16LE(toFloat16Bits(value), index * 2);
        break;
      case 'BFLOAT16':
        buffer.writeUInt16LE(toBfloat16Bits(value), index * 2);
        break;
    }
  }
  return buffer;
}

/**
 * Decodes a blob written by {@link encodeVector} with the same `datatype`.
 *
 * @throws {InvalidVectorError} when the blob's length is not a whole number of elements.
 */
export function decodeVector(
  blob: Buffer,
  datatype: VectorDatatype = VECTOR_DATATYPE.float32,
): number[] {
  const width = BYTES_PER_ELEMENT[datatype];
  if (blob.length % width !== 0) {
    throw new InvalidVectorError(`a ${datatype} vector blob cannot be ${blob.length} bytes long`);
  }
  const values = new Array<number>(blob.length / width);
  for (let index = 0; index < values.length; index++) {
    switch (datatype) {
      case 'FLOAT32':
        values[index] = blob.readFloatLE(index * 4);
        break;
      case 'FLOAT64':
        values[index] = blob.readDoubleLE(index * 8);
        break;
      case 'FLOAT16':
        values[index] = fromFloat16Bits(blob.readUInt16LE(index * 2));
        break;
      case 'BFLOAT16':
        values[index] = fromBfloat16Bits(blob.readUInt16LE(index * 2));
        break;
    }
  }
  return values;
}
