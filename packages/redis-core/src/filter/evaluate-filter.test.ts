import { describe, expect, test } from 'vitest';
import { matchesFilter } from './evaluate-filter.js';
import { not, num, tag, text } from './filter.js';

describe('matchesFilter', () => {
  const document = { genre: ['a', 'b'], year: 2020, title: 'The Quick brown fox' };

  test('tags match any held value; arrays hold several', () => {
    expect(matchesFilter(tag('genre').eq('a').node, document)).toBe(true);
    expect(matchesFilter(tag('genre').in(['z', 'b']).node, document)).toBe(true);
    expect(matchesFilter(tag('genre').ne('a').node, document)).toBe(false);
    expect(matchesFilter(tag('genre').ne('a').node, {})).toBe(true);
  });

  test('numbers need a value in range; a missing number matches only under not', () => {
    expect(matchesFilter(num('year').between(2020, 2020).node, document)).toBe(true);
    expect(matchesFilter(num('year').gt(2020).node, document)).toBe(false);
    expect(matchesFilter(num('year').gte(0).node, {})).toBe(false);
    expect(matchesFilter(not(num('year').gte(0)).node, {})).toBe(true);
  });

  test('text needs every word, case-insensitive', () => {
    expect(matchesFilter(text('title').match('quick FOX').node, document)).toBe(true);
    expect(matchesFilter(text('title').match('quick cat').node, document)).toBe(false);
  });

  test('a phrase needs its words in a row and in order; a prefix, a word that starts so', () => {
    const title = { title: 'The quick, brown fox' };
    expect(matchesFilter(text('title').phrase('quick brown').node, title)).toBe(true);
    expect(matchesFilter(text('title').phrase('brown quick').node, title)).toBe(false);
    expect(matchesFilter(text('title').phrase('quick fox').node, title)).toBe(false);
    expect(matchesFilter(text('title').prefix('qui').node, title)).toBe(true);
    expect(matchesFilter(text('title').prefix('uick').node, title)).toBe(false);
    expect(matchesFilter(text('title').prefix('qu').node, {})).toBe(false);
  });
});
