import { InvalidKeyError } from '@x/redis-core';
import { KeySchema } from '@x/redis-core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sessionIdOfKey, sessionKey, sessionPattern } from './session-keys.js';

const schema = new KeySchema('chat');
// Any well-formed string, from the full Unicode range, with the characters that matter to
// Redis keys and glob patterns over-represented.
const sessionIds = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1 }),
  fc.string({
    unit: fc.constantFrom(':', '{', '}', '*', '?', '[', ']', '\\', ' ', '%', '\n', 'a'),
    minLength: 1,
  }),
);

describe('session keys', () => {
  it('puts every id, whatever its characters, in one hash tag under the prefix', () => {
    fc.assert(
      fc.property(sessionIds, (sessionId) => {
        const key = sessionKey(schema, sessionId);
        expect(key.startsWith('chat:session:{')).toBe(true);
        expect(key.endsWith('}')).toBe(true);
        // One tag only: the cluster slot is the id's, and nothing else can pick it.
        expect(key.match(/[{}]/g)).toEqual(['{', '}']);
        // Nothing a glob pattern or another segment could read in the id part.
        expect(key.slice('chat:session:'.length)).toMatch(/^\{[A-Za-z0-9_.~%-]+\}$/);
        expect(sessionIdOfKey(schema, key)).toBe(sessionId);
      }),
    );
  });

  it('gives two different ids two different keys', () => {
    fc.assert(
      fc.property(sessionIds, sessionIds, (first, second) => {
        fc.pre(first !== second);
        expect(sessionKey(schema, first)).not.toBe(sessionKey(schema, second));
      }),
    );
  });

  it('refuses ids that cannot be a session', () => {
    for (const sessionId of [
      '',
      undefined,
      null,
      42,
      {},
      'lone \uD800 surrogate',
      'x'.repeat(2000),
    ]) {
      expect(() => sessionKey(schema, sessionId)).toThrow(InvalidKeyError);
    }
    expect(() => sessionKey(schema, '')).toThrow(/`sessionId` must not be empty/);
  });

  it('lists only keys it would have written under its own prefix', () => {
    expect(sessionPattern(schema)).toBe('chat:session:*');
    const foreign = [
      'chat:session:plain',
      'chat:session:{a}b',
      'chat:session:{%41}',
      'chat:session:{bad%zz}',
      'chat:session:session:{x}',
      'chatty:session:{x}',
      'other:session:{x}',
    ];
    for (const key of foreign) expect(sessionIdOfKey(schema, key), key).toBeUndefined();
    const nested = new KeySchema('chat:session');
    expect(sessionIdOfKey(schema, sessionKey(nested, 'x'))).toBeUndefined();
  });
});
