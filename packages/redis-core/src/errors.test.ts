import { describe, expect, it, vi } from 'vitest';
import {
  CorruptDataError,
  DimensionMismatchError,
  InvalidArgumentError,
  InvalidKeyError,
  InvalidVectorError,
  RedisStoreError,
  SerializationError,
} from './errors.js';

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
