import { describe, expect, test } from 'vitest';
import { InvalidFilterError } from '../errors.js';
import { encodeTagValue, numberLiteral } from './literals.js';

describe('encodeTagValue', () => {
  test('keeps a-z and 0-9, encodes everything else, and the empty string as "_e"', () => {
    expect(encodeTagValue('scifi2')).toBe('scifi2');
    expect(encodeTagValue('News')).toBe('_4eews');
    expect(encodeTagValue('a_b')).toBe('a_5fb');
    expect(encodeTagValue('')).toBe('_e');
    expect(encodeTagValue('é')).toBe('_c3_a9');
    expect(encodeTagValue('x} | @other:{y')).toMatch(/^[a-z0-9_]+$/);
  });

  test('is injective on a sample of tricky values', () => {
    const values = [
      '',
      '_',
      '__',
      '_5f',
      '_e',
      'e',
      'a',
      'A',
      ' a',
      'a ',
      '"',
      "'",
      '\\',
      '{',
      '}',
      '*',
      '-',
    ];
    expect(new Set(values.map(encodeTagValue)).size).toBe(values.length);
  });
});

describe('numberLiteral', () => {
  test('writes plain decimals that parse back to the same number', () => {
    for (const value of [0, 1, -1, 0.1, -0.5, 1e-7, 1.5e-10, 1e21, -1.234e21, 2 ** 53, 5e-100]) {
      const literal = numberLiteral(value);
      expect(literal).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Number(literal)).toBe(value);
    }
    expect(numberLiteral(-0)).toBe('0');
  });

  test('refuses what it cannot write', () => {
    expect(() => numberLiteral(Number.NaN)).toThrow(InvalidFilterError);
    expect(() => numberLiteral(Number.POSITIVE_INFINITY)).toThrow(InvalidFilterError);
    expect(() => numberLiteral(1e300)).toThrow(InvalidFilterError);
    expect(() => numberLiteral(5e-324)).toThrow(InvalidFilterError);
  });
});
