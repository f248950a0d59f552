import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidKeyError } from './errors.js';
import { decodeKeySegment, encodeKeySegment, KeySchema, validatePrefix } from './key-schema.js';

const HOSTILE = [
  'a:b',
  '{tag}',
  '*',
  '?',
  '[a-z]',
  'a\\b',
  ' ',
  'x\r\ny',
  'é',
  '日本',
  '👩‍💻',
  '%41',
  '..',
  '-',
];

describe('validatePrefix', () => {
  it('accepts simple and colon-separated prefixes', () => {
    expect(validatePrefix('llmcache')).toBe('llmcache');
    expect(validatePrefix('my-app:cache.v2')).toBe('my-app:cache.v2');
  });

  it.each(['', ':', 'a:', ':a', 'a::b', 'a b', 'a*', 'a{b}', 'a\nb', 'é', 'x'.repeat(129)])(
    'refuses %j with a typed error',
    (prefix) => {
      expect(() => validatePrefix(prefix)).toThrow(InvalidKeyError);
    },
  );

  it('names the option in the error', () => {
    expect(() => validatePrefix('a b', 'name')).toThrow(/`name`/);
    expect(() => validatePrefix(42 as unknown as string)).toThrow(/must be a string/);
  });
});

describe('encodeKeySegment', () => {
  it('keeps safe characters and encodes every other one', () => {
    expect(encodeKeySegment('user_42.a-b~')).toBe('user_42.a-b~');
    expect(encodeKeySegment('a:b')).toBe('a%3Ab');
    expect(encodeKeySegment('{x}')).toBe('%7Bx%7D');
    expect(encodeKeySegment('é')).toBe('%C3%A9');
  });

  it.each(HOSTILE)('round-trips %j without separators, braces, globs or spaces', (value) => {
    const encoded = encodeKeySegment(value);
    expect(encoded).toMatch(/^[A-Za-z0-9_.~%-]+$/);
    expect(decodeKeySegment(encoded)).toBe(value);
  });

  it('is injective and reversible for any well-formed string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        (a, b) => {
          const encodedA = encodeKeySegment(a);
          expect(decodeKeySegment(encodedA)).toBe(a);
          expect(encodedA).not.toMatch(/[:{}*?[\]\\\s]/);
          if (a !== b) expect(encodedA).not.toBe(encodeKeySegment(b));
        },
      ),
    );
  });

  it('refuses empty, non-string, lone-surrogate and over-long ids', () => {
    expect(() => encodeKeySegment('')).toThrow(InvalidKeyError);
    expect(() => encodeKeySegment(undefined)).toThrow(InvalidKeyError);
    expect(() => encodeKeySegment('a\uD800b')).toThrow(/surrogate/);
    expect(() => encodeKeySegment('x'.repeat(2000))).toThrow(/too long/);
    expect(() => encodeKeySegment('é'.repeat(200), 'session id')).toThrow(/session id is too long/);
  });
});

describe('KeySchema', () => {
  const keys = new KeySchema('app:chat');

  it('builds <prefix>:<kind>:<id> keys and reads the id back', () => {
    const key = keys.key('session', 'a:b c');
    expect(key).toBe('app:chat:session:a%3Ab%20c');
    expect(keys.idOf('session', key)).toBe('a:b c');
    expect(keys.idOf('other', key)).toBeUndefined();
  });

  it('reads ids only from keys it would build itself', () => {
    expect(keys.idOf('session', 'app:chat:session:%61')).toBeUndefined();
    expect(keys.idOf('session', 'app:chat:session:x:y')).toBeUndefined();
    expect(keys.idOf('session', 'app:chat:session:a b')).toBeUndefined();
    expect(keys.idOf('session', 'app:chat:session:%ZZ')).toBeUndefined();
    expect(new KeySchema('app').idOf('chat', 'app:chat:session:x')).toBeUndefined();
  });

  it('wraps the id in a hash tag on request, so related keys share a slot', () => {
    const key = keys.key('session', '{evil}', { hashTag: true });
    expect(key).toBe('app:chat:session:{%7Bevil%7D}');
    expect(key.match(/[{}]/g)).toHaveLength(2);
    expect(keys.idOf('session', key)).toBe('{evil}');
  });

  it('appends encoded parts after the id, empty parts included, without collisions', () => {
    expect(keys.key('checkpoint', 't', { hashTag: true, parts: ['', 'a:b'] })).toBe(
      'app:chat:checkpoint:{t}::a%3Ab',
    );
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 3 }),
        fc.array(fc.string(), { maxLength: 3 }),
        (first, second) => {
          const one = keys.key('checkpoint', 't', { hashTag: true, parts: first });
          const other = keys.key('checkpoint', 't', { hashTag: true, parts: second });
          expect(one === other).toBe(JSON.stringify(first) === JSON.stringify(second));
          expect(one.match(/[{}]/g)).toHaveLength(2);
        },
      ),
    );
    expect(() => keys.key('checkpoint', 't', { parts: ['\ud800'] })).toThrow(/key part 1/);
  });

  it('gives SCAN patterns that match only its own keys', () => {
    expect(keys.pattern()).toBe('app:chat:*');
    expect(keys.pattern('session')).toBe('app:chat:session:*');
    expect(keys.singleton('expiries', { hashTag: true })).toBe('{app:chat:expiries}');
  });

  it('refuses invalid kinds', () => {
    expect(() => keys.key('Bad Kind', 'x')).toThrow(InvalidKeyError);
    expect(() => new KeySchema('')).toThrow(InvalidKeyError);
  });
});
