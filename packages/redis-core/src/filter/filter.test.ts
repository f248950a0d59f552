import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { InvalidFilterError } from '../errors.js';
import { compileQueryEngineFilter } from './compile-query-engine.js';
import { compileVectorSetFilter } from './compile-vector-set.js';
import { matchesFilter } from './evaluate-filter.js';
import { and, Filter, isMissing, not, num, or, tag, text } from './filter.js';
import { geo } from './geo.js';
import { type FieldType, resolveFilter } from './resolve-filter.js';

const fields = new Map<string, FieldType>([
  ['genre', 'tag'],
  ['tags', 'tag'],
  ['year', 'numeric'],
  ['title', 'text'],
]);

describe('builders', () => {
  test('refuse bad field names, non-finite numbers and empty lists', () => {
    expect(() => tag('a b')).toThrow(InvalidFilterError);
    expect(() => tag('1x')).toThrow(InvalidFilterError);
    expect(() => tag('@x')).toThrow(InvalidFilterError);
    expect(() => num('year').gte(Number.NaN)).toThrow(InvalidFilterError);
    expect(() => num('year').lt(Number.POSITIVE_INFINITY)).toThrow(InvalidFilterError);
    expect(() => num('year').between(3, 2)).toThrow(InvalidFilterError);
    expect(() => tag('genre').in([])).toThrow(InvalidFilterError);
    expect(() => tag('genre').eq({} as never)).toThrow(InvalidFilterError);
    expect(() => tag('genre').eq('\ud800')).toThrow(InvalidFilterError);
    expect(() => text('title').match('!!! ---')).toThrow(InvalidFilterError);
    expect(() => and()).toThrow(InvalidFilterError);
    expect(() => or({} as Filter)).toThrow(InvalidFilterError);
  });

  test('text words hold a letter or digit: "_" alone is no word', () => {
    expect(() => text('title').match('_ __')).toThrow(/at least one word/);
    expect(text('title').match('snake_case _')).toEqual(text('title').match('snake_case'));
  });

  test('geo: a circle around a point, checked; the plain-object form is $within', () => {
    const circle = geo('place').within({ lon: 2.35, lat: 48.85, radius: 5 });
    expect(circle.node).toEqual({
      type: 'geo',
      field: 'place',
      lon: 2.35,
      lat: 48.85,
      radius: 5,
      unit: 'km',
    });
    expect(
      compileQueryEngineFilter(
        geo('place').within({ lon: -0.0000001, lat: 1, radius: 1e3, unit: 'mi' }).node,
      ),
    ).toBe('@place:[-0.0000001 1 1000 mi]');
    expect(() => compileVectorSetFilter(circle.node)).toThrow(
      /geo field "place" cannot be filtered/,
    );
    for (const bad of [
      { lon: 181, lat: 0, radius: 1 },
      { lon: 0, lat: 86, radius: 1 },
      { lon: 0, lat: 0, radius: 0 },
      { lon: 0, lat: 0, radius: Number.NaN },
      { lon: 0, lat: 0, radius: 1, unit: 'yd' },
      { lat: 0, radius: 1 },
    ]) {
      expect(() => geo('place').within(bad as never)).toThrow(InvalidFilterError);
    }
    const places = new Map<string, FieldType>([['place', 'geo']]);
    expect(
      resolveFilter({ place: { $within: { lon: 2.35, lat: 48.85, radius: 5 } } }, places),
    ).toEqual(circle.node);
    expect(() => resolveFilter({ place: 'Paris' }, places)).toThrow(/\$within/);
    // Paris to London: 343.65 km, as Redis's GEODIST gives it.
    const paris = { place: { lon: 2.3522, lat: 48.8566 } };
    const london = { lon: -0.1278, lat: 51.5074 };
    expect(matchesFilter(geo('place').within({ ...london, radius: 344 }).node, paris)).toBe(true);
    expect(matchesFilter(geo('place').within({ ...london, radius: 343 }).node, paris)).toBe(false);
    expect(matchesFilter(geo('place').within({ ...london, radius: 344 }).node, {})).toBe(false);
  });

  test('isMissing: no value (absent, null, an empty tag list); $exists in plain objects', () => {
    const missing = isMissing('genre');
    expect(missing.node).toEqual({ type: 'missing', field: 'genre' });
    expect(matchesFilter(missing.node, {})).toBe(true);
    expect(matchesFilter(missing.node, { genre: null })).toBe(true);
    expect(matchesFilter(missing.node, { genre: [] })).toBe(true);
    expect(matchesFilter(missing.node, { genre: '' })).toBe(false);
    expect(matchesFilter(missing.node, { genre: ['a'] })).toBe(false);
    expect(compileQueryEngineFilter(missing.node)).toBe('ismissing(@genre)');
    expect(compileVectorSetFilter(not(missing).node)).toBe('(not ("genre" in .__missing))');
    expect(() =>
      compileVectorSetFilter(missing.node, {
        tagsListedMissing: false,
        tagFields: new Set(['genre']),
      }),
    ).toThrow(/drop it and write its documents again/);
    expect(resolveFilter({ genre: { $exists: false } }, fields)).toEqual(missing.node);
    expect(resolveFilter({ year: { $exists: true } }, fields)).toEqual(not(isMissing('year')).node);
    expect(() => resolveFilter({ year: { $exists: 0 } }, fields)).toThrow(/true or false/);
    expect(() => resolveFilter({ nope: { $exists: true } }, fields)).toThrow(/not declared/);
  });

  test('take Dates as numeric bounds: their milliseconds since the epoch', () => {
    const start = new Date('2025-01-01T00:00:00Z');
    const end = new Date('2025-12-31T23:59:59Z');
    expect(num('year').gte(start)).toEqual(num('year').gte(start.getTime()));
    expect(num('year').between(start, end)).toEqual(
      num('year').between(start.getTime(), end.getTime()),
    );
    // A Date of another realm (a vm context) counts too.
    const foreign = runInNewContext('new Date(Date.UTC(2025, 0, 1))') as Date;
    expect(foreign instanceof Date).toBe(false);
    expect(num('year').lt(foreign)).toEqual(num('year').lt(start.getTime()));
    expect(() => num('year').eq(new Date('not a date'))).toThrow(/invalid Date/);
    expect(() => num('year').between(end, start)).toThrow(/min exceeds max/);
    expect(resolveFilter({ year: { $gte: start, $lt: end } }, fields)).toEqual(
      resolveFilter({ year: { $gte: start.getTime(), $lt: end.getTime() } }, fields),
    );
    expect(resolveFilter({ year: start }, fields)).toEqual(
      resolveFilter({ year: start.getTime() }, fields),
    );
    expect(() => resolveFilter({ genre: start }, fields)).toThrow(InvalidFilterError);
  });

  test('a filter is recognised across copies by its brand', () => {
    const copy = { ...tag('genre').eq('x') };
    expect(Filter.isFilter(copy)).toBe(true);
    expect(Filter.isFilter({ node: { type: 'tag' } })).toBe(false);
  });

  test('prefixes are one word of two characters or more; plain objects take $phrase and $prefix', () => {
    expect(() => text('title').prefix('q')).toThrow(/at least 2 characters/);
    expect(() => text('title').prefix('two words')).toThrow(InvalidFilterError);
    expect(() => text('title').phrase('!!')).toThrow(/at least one word/);
    expect(resolveFilter({ title: { $phrase: 'quick brown' } }, fields)).toEqual(
      text('title').phrase('quick brown').node,
    );
    expect(resolveFilter({ title: { $prefix: 'qu' } }, fields)).toEqual(
      text('title').prefix('qu').node,
    );
    expect(() => resolveFilter({ title: { $prefix: 3 } }, fields)).toThrow(/\$prefix: string/);
  });
});

describe('resolveFilter', () => {
  test('checks builder filters against the declared fields', () => {
    expect(resolveFilter(tag('genre').eq('x'), fields)).toEqual({
      type: 'tag',
      field: 'genre',
      values: ['x'],
    });
    expect(() => resolveFilter(tag('nope').eq('x'), fields)).toThrow(/not declared/);
    expect(() => resolveFilter(num('genre').eq(1), fields)).toThrow(/declared as tag/);
    expect(() => resolveFilter(and(tag('genre').eq('x'), tag('year').eq('1')), fields)).toThrow(
      InvalidFilterError,
    );
  });

  test('parses the plain-object form into the same filters as the builders', () => {
    const parsed = resolveFilter(
      {
        genre: 'x',
        year: { $gte: 2020, $lt: 2030 },
        tags: { $in: ['a', 'b'] },
        $or: [{ genre: { $ne: 'y' } }, { tags: { $nin: ['c'] } }],
        $not: { title: 'hello world' },
      },
      fields,
    );
    const built = and(
      tag('genre').eq('x'),
      and(num('year').gte(2020), num('year').lt(2030)),
      tag('tags').in(['a', 'b']),
      or(tag('genre').ne('y'), not(tag('tags').in(['c']))),
      not(text('title').match('hello world')),
    );
    expect(parsed).toEqual(built.node);
  });

  test('treats undefined and {} as no filter, and refuses malformed objects', () => {
    expect(resolveFilter(undefined, fields)).toBeUndefined();
    expect(resolveFilter({}, fields)).toBeUndefined();
    const bad: unknown[] = [
      { genre: ['a', 'b'] },
      { genre: null },
      { genre: {} },
      { year: '2020' },
      { year: { $gte: Number.NaN } },
      { year: { $match: 'x' } },
      { genre: { $gt: 'a' } },
      { $and: [] },
      { $and: {} },
      { $not: [] },
      { $where: 'x' },
      { title: { $in: ['x'] } },
      { unknown: 1 },
      'genre == x',
      [],
      new Date(),
    ];
    for (const input of bad) {
      expect(() => resolveFilter(input as never, fields), JSON.stringify(input)).toThrow(
        InvalidFilterError,
      );
    }
  });

  test('refuses filters nested deeper than the limit', () => {
    let deep: Record<string, unknown> = { genre: 'x' };
    for (let level = 0; level < 40; level++) deep = { $not: deep };
    expect(() => resolveFilter(deep, fields)).toThrow(/deeper/);
  });
});

describe('compilers', () => {
  const filter = and(
    tag('genre').in(['Sci-Fi', '']),
    num('year').gt(1999.5),
    not(or(tag('tags').eq('x} | @other:{y'), num('year').lte(-0.000001))),
  ).node;

  test('query engine: encoded tags, plain decimal ranges, parentheses around every group', () => {
    expect(compileQueryEngineFilter(filter)).toBe(
      '(@genre:{_53ci_2d_46i | _e} @year:[(1999.5 +inf] (-(@tags:{x_7d_20_7c_20_40other_3a_7by} | @year:[-inf -0.000001])))',
    );
    expect(compileQueryEngineFilter(text('title').match('Hello, "World"!').node)).toBe(
      '@title:(hello world)',
    );
    expect(compileQueryEngineFilter(text('title').phrase('"Quick" -brown').node)).toBe(
      '@title:("quick brown")',
    );
    expect(compileQueryEngineFilter(text('title').prefix('Red*').node)).toBe('@title:(red*)');
  });

  test('vector set: quoted encoded tags, numeric comparisons guarded where 0 is in range', () => {
    expect(compileVectorSetFilter(filter)).toBe(
      '(("_53ci_2d_46i" in .genre or "_e" in .genre) and (.year > 1999.5) and (not (("x_7d_20_7c_20_40other_3a_7by" in .tags) or (.year <= -0.000001))))',
    );
    // A missing number is stored as 0: a range that holds 0 must rule it out by name.
    const guard = ' and not ("year" in .__missing))';
    expect(compileVectorSetFilter(num('year').lte(0).node)).toBe(`(.year <= 0${guard}`);
    expect(compileVectorSetFilter(num('year').between(-1, 1).node)).toBe(
      `(.year >= -1 and .year <= 1${guard}`,
    );
    expect(compileVectorSetFilter(num('year').eq(0).node)).toBe(
      `(.year >= 0 and .year <= 0${guard}`,
    );
    expect(compileVectorSetFilter(num('year').lt(0).node)).toBe('(.year < 0)');
    expect(compileVectorSetFilter(num('year').gt(0).node)).toBe('(.year > 0)');
    expect(compileVectorSetFilter(num('year').eq(2).node)).toBe('(.year >= 2 and .year <= 2)');
  });

  test('vector set refuses text conditions before anything is sent', () => {
    expect(() => compileVectorSetFilter(text('title').match('x').node)).toThrow(InvalidFilterError);
  });
});
