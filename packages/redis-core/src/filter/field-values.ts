import { InvalidArgumentError } from '../errors.js';
import { describe } from './filter.js';

/**
 * The tag values a metadata value holds: a string, number or boolean is one value, an array
 * holds one per element, `null` and `undefined` hold none. Numbers and booleans count as their
 * string form, as in filters.
 *
 * @throws {InvalidArgumentError} for objects, non-finite numbers and strings with lone
 *   surrogates, which have no single string form.
 */
export function tagValues(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (typeof item === 'string' && item.isWellFormed()) return item;
    if ((typeof item === 'number' && Number.isFinite(item)) || typeof item === 'boolean') {
      return String(item);
    }
    throw new InvalidArgumentError(
      `metadata field "${field}" is declared as a tag: it takes strings, numbers, booleans or an array of them, not ${describe(item)}`,
    );
  });
}

/**
 * The number a metadata value holds for a numeric field, or `undefined` when it holds none.
 *
 * @throws {InvalidArgumentError} for anything but a finite number, `null` or `undefined`.
 */
export function numericValue(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new InvalidArgumentError(
    `metadata field "${field}" is declared as numeric: it takes a finite number, not ${describe(value)}`,
  );
}

/**
 * The text a metadata value holds for a text field, or `undefined` when it holds none.
 *
 * @throws {InvalidArgumentError} for anything but a string, `null` or `undefined`.
 */
export function textValue(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw new InvalidArgumentError(
    `metadata field "${field}" is declared as text: it takes a string, not ${describe(value)}`,
  );
}
