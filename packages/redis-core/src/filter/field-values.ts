import { InvalidArgumentError } from '../errors.js';
import { describe } from './filter.js';
import { type GeoPoint, type GeoUnit, geoPoint } from './geo.js';

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

/**
 * The point a metadata value holds for a geo field (`{ lon, lat }` in degrees), or `undefined`
 * when it holds none.
 *
 * @throws {InvalidArgumentError} for anything but such a point (in Redis's range), `null` or
 *   `undefined`.
 */
export function geoValue(value: unknown, field: string): GeoPoint | undefined {
  if (value === undefined || value === null) return undefined;
  const point = geoPoint(value);
  if (point) return point;
  throw new InvalidArgumentError(
    `metadata field "${field}" is declared as geo: it takes { lon, lat } in degrees (lon from -180 to 180, lat from -85.05112878 to 85.05112878), not ${describe(value)}`,
  );
}

/** Meters per unit, as Redis converts them. */
export const GEO_UNIT_METERS: Record<GeoUnit, number> = { m: 1, km: 1000, mi: 1609.34, ft: 0.3048 };

/** The Earth's radius Redis's geo distances use, in meters. */
const EARTH_RADIUS = 6372797.560856;

/** The great-circle (haversine) distance of two points, in meters, as Redis computes it. */
export function geoDistance(a: GeoPoint, b: GeoPoint): number {
  const radians = Math.PI / 180;
  const u = Math.sin(((b.lat - a.lat) * radians) / 2);
  const v = Math.sin(((b.lon - a.lon) * radians) / 2);
  const h = u * u + Math.cos(a.lat * radians) * Math.cos(b.lat * radians) * v * v;
  return 2 * EARTH_RADIUS * Math.asin(Math.sqrt(h));
}
