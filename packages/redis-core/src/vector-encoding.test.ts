import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidVectorError } from './errors.js';
import { decodeVector, encodeVector, validateVector } from './vector-encoding.js';

describe('encodeVector', () => {
  it('writes little-endian FLOAT32 by default', () => {
    const blob = encodeVector([1, -2, 0.5]);
    expect(blob).toHaveLength(12);
    expect(blob.subarray(0, 4)).toEqual(Buffer.from([0x00, 0x00, 0x80, 0x3f]));
    expect(decodeVector(blob)).toEqual([1, -2, 0.5]);
  });

  it('accepts Float32Array and Float64Array', () => {
    expect(decodeVector(encodeVector(new Float32Array([0.25, 3])))).toEqual([0.25, 3]);
    expect(
      decodeVector(encodeVector(new Float64Array([0.1]), { datatype: 'FLOAT64' }), 'FLOAT64'),
    ).toEqual([0.1]);
  });

  it('encodes FLOAT16 exactly where representable and to the nearest value otherwise', () => {
    const blob = encodeVector([1, -2, 65504, 0, 2 ** -24], { datatype: 'FLOAT16' });
    expect(blob.readUInt16LE(0)).toBe(0x3c00);
    expect(blob.readUInt16LE(2)).toBe(0xc000);
    expect(blob.readUInt16LE(4)).toBe(0x7bff);
    expect(blob.readUInt16LE(6)).toBe(0);
    expect(blob.readUInt16LE(8)).toBe(0x0001);
    const [approx] = decodeVector(encodeVector([0.1], { datatype: 'FLOAT16' }), 'FLOAT16');
    expect(approx).toBeCloseTo(0.1, 3);
  });

  it('encodes BFLOAT16 as the rounded upper half of a float32', () => {
    const blob = encodeVector([1, -1, 3.140625], { datatype: 'BFLOAT16' });
    expect(blob.readUInt16LE(0)).toBe(0x3f80);
    expect(blob.readUInt16LE(2)).toBe(0xbf80);
    expect(decodeVector(blob, 'BFLOAT16')).toEqual([1, -1, 3.140625]);
  });

  it.each([
    [[Number.NaN], /NaN at position 0/],
    [[1, Number.POSITIVE_INFINITY], /Infinity at position 1/],
    [[1, '2' as unknown as number], /position 1/],
    [[], /at least one dimension/],
  ])('refuses %j with InvalidVectorError', (vector, message) => {
    expect(() => encodeVector(vector)).toThrow(InvalidVectorError);
    expect(() => encodeVector(vector)).toThrow(message);
  });

  it('refuses a wrong dimension, naming both', () => {
    expect(() => encodeVector([1, 2, 3], { dimension: 4 })).toThrow(DimensionMismatchError);
    expect(() => validateVector([1, 2, 3], 4)).toThrow(/3 dimensions but 4/);
  });

  it('refuses a blob that is not a whole number of elements', () => {
    expect(() => decodeVector(Buffer.alloc(6))).toThrow(InvalidVectorError);
  });
});
