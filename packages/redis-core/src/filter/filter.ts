import { InvalidFilterError } from '../errors.js';
import type { GeoUnit } from './geo.js';

/** A value a tag filter compares with: numbers and booleans compare as their string form. */
export type TagValue = string | number | boolean;

/**
 * The parsed form of a filter, as every engine compiles it. Tags match when the document holds
 * any of `values`; numeric ranges are closed unless `exclusive`; `text` matches when every word
 * of `words` is a word of the field.
 */
export type FilterNode =
  | { readonly type: 'tag'; readonly field: string; readonly values: readonly string[] }
  | {
      readonly type: 'numeric';
      readonly field: string;
      readonly min: number;
      readonly max: number;
      readonly minExclusive: boolean;
      readonly maxExclusive: boolean;
    }
  | {
      readonly type: 'text';
      readonly field: string;
      readonly words: readonly string[];
      /**
       * `all`: every word is a word of the field; `phrase`: the words follow each other in the
       * field, in order; `prefix`: a word of the field starts with the one word given.
       */
      readonly match: TextMatch;
    }
  | {
      readonly type: 'geo';
      readonly field: string;
      /** The center, in degrees. */
      readonly lon: number;
      readonly lat: number;
      /** The radius, in `unit`s. */
      readonly radius: number;
      readonly unit: GeoUnit;
    }
  | {
      /** The document holds no value for the field (absent, `null`, or an empty tag list). */
      readonly type: 'missing';
      readonly field: string;
    }
  | { readonly type: 'and' | 'or'; readonly filters: readonly FilterNode[] }
  | { readonly type: 'not'; readonly filter: FilterNode };

/** How a text condition matches (see {@link FilterNode}). */
export type TextMatch = 'all' | 'phrase' | 'prefix';

/** The shortest prefix a text condition takes: the Query Engine expands nothing shorter. */
export const MIN_TEXT_PREFIX = 2;

const FILTER_BRAND = Symbol.for('@x/redis-core/filter');

/**
 * A metadata filter built with {@link tag}, {@link num}, {@link text}, {@link geo},
 * {@link and}, {@link or} and {@link not}. It is plain data: the index compiles it for its engine, checking every field
 * against the declared schema first.
 */
export class Filter {
  /** The parsed filter. */
  readonly node: FilterNode;

  /** @internal Use the builder functions. */
  constructor(node: FilterNode) {
    this.node = node;
  }

  /** Whether `value` is a {@link Filter}, also one built by another copy of this package. */
  static isFilter(value: unknown): value is Filter {
    return (
      value instanceof Filter ||
      (typeof value === 'object' &&
        value !== null &&
        typeof (value as { node?: { type?: unknown } }).node?.type === 'string' &&
        (value as { [FILTER_BRAND]?: unknown })[FILTER_BRAND] === true)
    );
  }

  /** @internal Recognised by {@link Filter.isFilter} across copies of this package. */
  readonly [FILTER_BRAND] = true;
}

/** Field names: a letter, then letters, digits or `_`; at most 64 characters. */
export const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** @throws {InvalidFilterError} when `name` is not a safe field name. */
export function checkFieldName(
  name: unknown,
  ErrorClass: new (message: string) => Error = InvalidFilterError,
): string {
  if (typeof name !== 'string' || !FIELD_NAME_PATTERN.test(name)) {
    throw new ErrorClass(
      `field name ${JSON.stringify(name)} is not valid: use a letter, then letters, digits or "_" (at most 64 characters)`,
    );
  }
  return name;
}

/** The string form of a tag value; refuses what has no unambiguous string form. */
export function tagValueToString(value: unknown, field: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new InvalidFilterError(`tag "${field}" cannot be compared with ${value}`);
    }
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    throw new InvalidFilterError(
      `tag "${field}" takes strings, numbers or booleans, not ${describe(value)}`,
    );
  }
  if (!value.isWellFormed()) {
    throw new InvalidFilterError(`a value of tag "${field}" holds a lone UTF-16 surrogate`);
  }
  return value;
}

/** A bound of a numeric condition: a number, or a `Date` (its milliseconds since the epoch). */
export type NumericValue = number | Date;

function isDate(value: unknown): value is Date {
  // Also a Date made in another realm (a vm context, a worker's structured clone).
  return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]';
}

function checkNumber(value: unknown, field: string): number {
  if (isDate(value)) {
    const time = Date.prototype.getTime.call(value);
    if (Number.isNaN(time)) {
      throw new InvalidFilterError(
        `numeric field "${field}" cannot be compared with an invalid Date`,
      );
    }
    return time;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidFilterError(
      `numeric field "${field}" must be compared with a finite number or a Date, not ${describe(value)}`,
    );
  }
  return value;
}

/**
 * Splits text into the words a text filter matches: runs of letters, digits and `_` that hold
 * at least one letter or digit (the Query Engine refuses a lone `_` as a query term).
 */
export function textWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]*[\p{L}\p{N}][\p{L}\p{N}_]*/gu) ?? [];
}

function range(field: string, min: number, max: number, minEx = false, maxEx = false): Filter {
  return new Filter({
    type: 'numeric',
    field,
    min,
    max,
    minExclusive: minEx,
    maxExclusive: maxEx,
  });
}

/** Conditions on a tag field (`fields: [{ name, type: 'tag' }]`). */
export function tag(field: string) {
  const name = checkFieldName(field);
  const anyOf = (values: readonly TagValue[]) =>
    new Filter({ type: 'tag', field: name, values: values.map((v) => tagValueToString(v, name)) });
  return {
    /** The document holds `value` among its tags. */
    eq: (value: TagValue) => anyOf([value]),
    /** The document does not hold `value` (documents without the field match). */
    ne: (value: TagValue) => new Filter({ type: 'not', filter: anyOf([value]).node }),
    /** The document holds at least one of `values` (at least one value is required). */
    in: (values: readonly TagValue[]) => {
      if (!Array.isArray(values) || values.length === 0) {
        throw new InvalidFilterError(`tag("${name}").in() needs a non-empty array of values`);
      }
      return anyOf(values);
    },
  };
}

/**
 * Conditions on a numeric field (`fields: [{ name, type: 'numeric' }]`); bounds are finite
 * numbers, or `Date`s for a field holding timestamps in milliseconds since the epoch
 * (`date.getTime()`, `Date.now()`).
 */
export function num(field: string) {
  const name = checkFieldName(field);
  const at = (value: unknown) => checkNumber(value, name);
  return {
    /** The field equals `value`. */
    eq: (value: NumericValue) => range(name, at(value), at(value)),
    /** The field is greater than `value`. */
    gt: (value: NumericValue) => range(name, at(value), Number.POSITIVE_INFINITY, true),
    /** The field is at least `value`. */
    gte: (value: NumericValue) => range(name, at(value), Number.POSITIVE_INFINITY),
    /** The field is less than `value`. */
    lt: (value: NumericValue) => range(name, Number.NEGATIVE_INFINITY, at(value), false, true),
    /** The field is at most `value`. */
    lte: (value: NumericValue) => range(name, Number.NEGATIVE_INFINITY, at(value)),
    /** `min <= value <= max`. */
    between: (min: NumericValue, max: NumericValue) => {
      const [low, high] = [at(min), at(max)];
      if (low > high) {
        throw new InvalidFilterError(`num("${name}").between(${low}, ${high}): min exceeds max`);
      }
      return range(name, low, high);
    },
  };
}

/** Conditions on a text field (`fields: [{ name, type: 'text' }]`); query-engine only. */
export function text(field: string) {
  const name = checkFieldName(field);
  const wordsOf = (words: unknown, method: string) => {
    const list = typeof words === 'string' ? textWords(words) : [];
    if (list.length === 0) {
      throw new InvalidFilterError(`text("${name}").${method}() needs at least one word`);
    }
    return list;
  };
  return {
    /**
     * Every word of `words` (runs of letters, digits and `_`, case-insensitive) is a word of
     * the field. Punctuation only separates words: it never reaches the query.
     */
    match: (words: string) =>
      new Filter({ type: 'text', field: name, words: wordsOf(words, 'match'), match: 'all' }),
    /** The words of `words` follow each other in the field, in this order. */
    phrase: (words: string) =>
      new Filter({ type: 'text', field: name, words: wordsOf(words, 'phrase'), match: 'phrase' }),
    /**
     * A word of the field starts with `start` (one word, at least 2 characters). The Query
     * Engine looks at most at its `MAXEXPANSIONS` (200 by default) words of that start.
     */
    prefix: (start: string) => {
      const words = wordsOf(start, 'prefix');
      const [word = ''] = words;
      if (words.length > 1 || [...word].length < MIN_TEXT_PREFIX) {
        throw new InvalidFilterError(
          `text("${name}").prefix() takes one word of at least ${MIN_TEXT_PREFIX} characters, not ${describe(start)}`,
        );
      }
      return new Filter({ type: 'text', field: name, words, match: 'prefix' });
    },
  };
}

/**
 * The document holds no value for a declared field of any type: the field is absent or `null`,
 * or a tag field holds an empty list. `not(isMissing(field))` keeps those that hold one.
 */
export function isMissing(field: string): Filter {
  return new Filter({ type: 'missing', field: checkFieldName(field) });
}

function combine(type: 'and' | 'or', filters: readonly Filter[]): Filter {
  if (filters.length === 0) throw new InvalidFilterError(`${type}() needs at least one filter`);
  for (const filter of filters) {
    if (!Filter.isFilter(filter)) {
      throw new InvalidFilterError(`${type}() takes filters, not ${describe(filter)}`);
    }
  }
  return new Filter({ type, filters: filters.map((filter) => filter.node) });
}

/** Every filter matches. */
export function and(...filters: Filter[]): Filter {
  return combine('and', filters);
}

/** At least one filter matches. */
export function or(...filters: Filter[]): Filter {
  return combine('or', filters);
}

/** The filter does not match. */
export function not(filter: Filter): Filter {
  if (!Filter.isFilter(filter)) {
    throw new InvalidFilterError(`not() takes a filter, not ${describe(filter)}`);
  }
  return new Filter({ type: 'not', filter: filter.node });
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}
