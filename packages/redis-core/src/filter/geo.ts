import { InvalidFilterError } from '../errors.js';
import { checkFieldName, describe, Filter } from './filter.js';

/** The units a geo radius is given in, as Redis names them. */
export const GEO_UNIT = { meters: 'm', kilometers: 'km', miles: 'mi', feet: 'ft' } as const;

/** One of the {@link GEO_UNIT} values. */
export type GeoUnit = (typeof GEO_UNIT)[keyof typeof GEO_UNIT];

/** A point, in degrees: longitude from -180 to 180, latitude from -85.05112878 to 85.05112878 (Redis's range). */
export interface GeoPoint {
  lon: number;
  lat: number;
}

/** The longitude and latitude range Redis's geo index takes. */
export const GEO_LIMITS = { lon: 180, lat: 85.05112878 } as const;

/** `point` checked as a {@link GeoPoint}, or `undefined` when it is not one. */
export function geoPoint(point: unknown): GeoPoint | undefined {
  if (typeof point !== 'object' || point === null) return undefined;
  const { lon, lat } = point as Partial<GeoPoint>;
  const within = (value: unknown, limit: number) =>
    typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit;
  return within(lon, GEO_LIMITS.lon) && within(lat, GEO_LIMITS.lat)
    ? { lon: lon as number, lat: lat as number }
    : undefined;
}

/** Conditions on a geo field (`fields: [{ name, type: 'geo' }]`, a `{ lon, lat }` value); query-engine only. */
export function geo(field: string) {
  const name = checkFieldName(field);
  return {
    /**
     * The field's point lies within `radius` of `{ lon, lat }` (great-circle distance, as
     * Redis computes it), in `unit`s: `'m'`, `'km'` (the default), `'mi'` or `'ft'`.
     */
    within: (area: GeoPoint & { radius: number; unit?: GeoUnit }) => {
      const center = geoPoint(area);
      if (!center) {
        throw new InvalidFilterError(
          `geo("${name}").within() needs { lon, lat, radius } with lon from -180 to 180 and lat from -85.05112878 to 85.05112878`,
        );
      }
      const { radius, unit = 'km' } = area;
      if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0) {
        throw new InvalidFilterError(
          `geo("${name}").within(): radius must be a finite number above 0, not ${describe(radius)}`,
        );
      }
      if (!Object.values(GEO_UNIT).includes(unit)) {
        throw new InvalidFilterError(
          `geo("${name}").within(): unit must be "m", "km", "mi" or "ft", not ${describe(unit)}`,
        );
      }
      return new Filter({ type: 'geo', field: name, ...center, radius, unit });
    },
  };
}
