import { InvalidArgumentError } from '@x/redis-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_SCOPE, MAX_SCOPE_KEYS, narrowScope, resolveScope } from './cache-scope.js';

/** Keys and values a hostile user could choose: query syntax, JSON, separators, Unicode. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    '*',
    '=',
    ',',
    '|',
    '\\',
    '"',
    "'",
    '{',
    '}',
    'x} | @other:{y',
    '"]',
    '\0',
    '你好',
    '🙂',
  ),
);
const scope = fc.dictionary(
  hostileText.filter((key) => key.length > 0),
  hostileText,
  {
    maxKeys: 4,
  },
);

describe('resolveScope', () => {
  it('does not depend on the order of the keys, and counts numbers and booleans as text', () => {
    const one = resolveScope({ user: 42, tenant: 'acme', beta: true });
    const two = resolveScope({ beta: 'true', tenant: 'acme', user: '42' });
    expect(two.key).toBe(one.key);
    expect(two.parts).toEqual(one.parts);
    expect(Object.keys(one.values)).toEqual(['beta', 'tenant', 'user']);
  });

  it('gives different scopes different keys, whatever their text', () => {
    fc.assert(
      fc.property(scope, scope, (left, right) => {
        const same =
          JSON.stringify(resolveScope(left).values) === JSON.stringify(resolveScope(right).values);
        expect(resolveScope(left).key === resolveScope(right).key).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps pairs apart that would join alike: {a: "b=c"} is not {"a=b": "c"}', () => {
    const joined = [
      [{ a: 'b=c' }, { 'a=b': 'c' }],
      [{ a: 'b', c: 'd' }, { a: 'b,c=d' }],
      [{ user: '' }, {}],
      [{ x: '1' }, { x: 1.0 }],
    ] as const;
    const [first, second, third, fourth] = joined.map(([left, right]) => [
      resolveScope(left).key,
      resolveScope(right).key,
    ]);
    expect(first?.[0]).not.toBe(first?.[1]);
    expect(second?.[0]).not.toBe(second?.[1]);
    expect(third?.[0]).not.toBe(third?.[1]);
    expect(fourth?.[0]).toBe(fourth?.[1]);
    expect(resolveScope(undefined)).toBe(EMPTY_SCOPE);
    expect(EMPTY_SCOPE.parts).toEqual([]);
  });

  it('keeps a key named __proto__ as a key', () => {
    const hostile = JSON.parse('{"__proto__": "x"}');
    expect(resolveScope(hostile).values).toEqual(JSON.parse('{"__proto__": "x"}'));
    expect(resolveScope(hostile).key).not.toBe(EMPTY_SCOPE.key);
  });

  it.each([
    ['an array', ['acme']],
    ['a string', 'acme'],
    ['null', null],
    ['a nested object', { tenant: { id: 1 } }],
    ['a null value', { tenant: null }],
    ['NaN', { user: Number.NaN }],
    ['an empty key', { '': 'x' }],
    ['a lone surrogate', { user: '\ud800' }],
    ['a Map', new Map([['a', 'b']])],
    [
      'too many keys',
      Object.fromEntries(Array.from({ length: MAX_SCOPE_KEYS + 1 }, (_, i) => [`k${i}`, 'v'])),
    ],
  ])('refuses %s', (_, value) => {
    expect(() => resolveScope(value)).toThrow(InvalidArgumentError);
  });
});

describe('narrowScope', () => {
  it('adds pairs, and never changes a pair the scope already has', () => {
    const tenant = resolveScope({ tenant: 'acme' });
    const user = narrowScope(tenant, { user: '42' });
    expect(user.key).toBe(resolveScope({ user: '42', tenant: 'acme' }).key);
    expect(narrowScope(tenant, { tenant: 'acme' }).key).toBe(tenant.key);
    expect(() => narrowScope(tenant, { tenant: 'evil' })).toThrow(InvalidArgumentError);
    expect(() => narrowScope(tenant, 'user=42')).toThrow(InvalidArgumentError);
  });
});
