import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import {
  checkTimeoutMs,
  checkTtlSeconds,
  hashText,
  requireString,
  ttlMilliseconds,
} from './option-checks.js';

describe('the option checks every package shares', () => {
  it('takes a ttl of positive seconds and turns it into whole milliseconds, at least 1', () => {
    expect(checkTtlSeconds(undefined)).toBeUndefined();
    expect(checkTtlSeconds(1.5)).toBe(1.5);
    expect(ttlMilliseconds(1.5)).toBe(1500);
    expect(ttlMilliseconds(0.0001)).toBe(1);
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e300, '60']) {
      expect(() => checkTtlSeconds(ttl)).toThrow(InvalidArgumentError);
    }
    expect(() => checkTtlSeconds(-1, 'documents[2].ttl')).toThrow(
      /`documents\[2\]\.ttl` must be a positive number of seconds, got -1/,
    );
  });

  it('takes a timeoutMs of positive milliseconds', () => {
    expect(checkTimeoutMs(undefined)).toBeUndefined();
    expect(checkTimeoutMs(250)).toBe(250);
    for (const timeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, '1000']) {
      expect(() => checkTimeoutMs(timeoutMs)).toThrow(/`timeoutMs` must be a positive number/);
    }
  });

  it('refuses a prompt that is not a string with a TypeError naming who asked', () => {
    expect(() => requireString(null, 'prompt', 'RedisCache')).toThrow(
      new TypeError('RedisCache: `prompt` must be a string, got null'),
    );
    expect(() => requireString([], 'llmString', 'RedisSemanticCache')).toThrow(/got an array/);
    expect(() => requireString('text', 'prompt', 'RedisCache')).not.toThrow();
  });

  it('hashes texts with lone surrogates apart from each other and from U+FFFD', () => {
    expect(hashText('a')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashText('\uD800')).not.toBe(hashText('\uD801'));
    expect(hashText('\uD800')).not.toBe(hashText('\uFFFD'));
  });
});
