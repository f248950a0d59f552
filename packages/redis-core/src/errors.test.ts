import { describe, expect, it, vi } from 'vitest';
import {
  CapabilityError,
  CorruptDataError,
  DimensionMismatchError,
  InvalidArgumentError,
  InvalidFilterError,
  InvalidKeyError,
  InvalidVectorError,
  RedisStoreError,
  SchemaMismatchError,
  SerializationError,
} from './errors.js';
import { RedisOperationError } from './redis-operation-error.js';

describe('RedisStoreError', () => {
  it('carries a readable name, its code, and the cause', () => {
    const cause = new Error('boom');
    const error = new InvalidKeyError('bad key', { cause });
    expect(error.name).toBe('InvalidKeyError');
    expect(error.code).toBe('INVALID_KEY');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('bad key');
    expect(error).toBeInstanceOf(Error);
  });

  it('recognises subclasses, and only them, with isInstance', () => {
    const error = new DimensionMismatchError(384, 512);
    expect(RedisStoreError.isInstance(error)).toBe(true);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(InvalidVectorError.isInstance(error)).toBe(true);
    expect(DimensionMismatchError.isInstance(error)).toBe(true);
    expect(InvalidKeyError.isInstance(error)).toBe(false);
    expect(SerializationError.isInstance(error)).toBe(false);
    expect(RedisStoreError.isInstance(new Error('plain'))).toBe(false);
    expect(RedisStoreError.isInstance(null)).toBe(false);
    expect(RedisStoreError.isInstance('INVALID_KEY')).toBe(false);
  });

  it('says both dimensions in a dimension mismatch', () => {
    const error = new DimensionMismatchError(384, 512);
    expect(error.expected).toBe(384);
    expect(error.actual).toBe(512);
    expect(error.message).toContain('512');
    expect(error.message).toContain('384');
  });

  it('recognises errors thrown by another copy of the package', async () => {
    vi.resetModules();
    const otherCopy = (await import('./errors.js')) as typeof import('./errors.js');
    expect(otherCopy.CorruptDataError).not.toBe(CorruptDataError);
    const foreign = new otherCopy.CorruptDataError('damaged', 'k:1');
    expect(foreign).not.toBeInstanceOf(CorruptDataError);
    expect(CorruptDataError.isInstance(foreign)).toBe(true);
    expect(SerializationError.isInstance(foreign)).toBe(true);
    expect(InvalidKeyError.isInstance(foreign)).toBe(false);
    expect(foreign.key).toBe('k:1');
  });
});

describe('error names', () => {
  it('stay as written when a minifier renames the classes', () => {
    const made: [string, () => Error][] = [
      ['RedisStoreError', () => new RedisStoreError('m')],
      ['InvalidArgumentError', () => new InvalidArgumentError('m')],
      ['InvalidKeyError', () => new InvalidKeyError('m')],
      ['InvalidFilterError', () => new InvalidFilterError('m')],
      ['InvalidVectorError', () => new InvalidVectorError('m')],
      ['DimensionMismatchError', () => new DimensionMismatchError(1, 2)],
      ['CapabilityError', () => new CapabilityError('m')],
      ['SchemaMismatchError', () => new SchemaMismatchError('m', [])],
      ['SerializationError', () => new SerializationError('m')],
      ['CorruptDataError', () => new CorruptDataError('m', 'key')],
      ['RedisOperationError', () => new RedisOperationError('reply', 'op', 'm')],
    ];
    const classes = [
      RedisStoreError,
      InvalidArgumentError,
      InvalidKeyError,
      InvalidFilterError,
      InvalidVectorError,
      DimensionMismatchError,
      CapabilityError,
      SchemaMismatchError,
      SerializationError,
      CorruptDataError,
      RedisOperationError,
    ];
    const names = classes.map((klass) => klass.name);
    try {
      // What a minifier does: every class gets a short name of its own.
      for (const [index, klass] of classes.entries()) {
        Object.defineProperty(klass, 'name', { value: `e${index}` });
      }
      expect(made.map(([, make]) => make().name)).toEqual(made.map(([name]) => name));
    } finally {
      for (const [index, klass] of classes.entries()) {
        Object.defineProperty(klass, 'name', { value: names[index] });
      }
    }
  });
});
