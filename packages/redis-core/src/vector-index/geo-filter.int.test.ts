import { describeWith, redisTest } from '@x/test-utils';
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  connectionOf,
  expectQueriesToMatchEvaluator,
  seededRandom,
} from '../../test/vector-index-helpers.js';
import { InvalidArgumentError } from '../errors.js';
import { GEO_UNIT_METERS, geoDistance } from '../filter/field-values.js';
import { and, type Filter, type FilterNode, type GeoUnit, geo, not, or } from '../filter/index.js';
import { createVectorIndex } from './create-vector-index.js';

const CENTER = { lon: 2.3522, lat: 48.8566 };

/**
 * An offset of up to `limit` degrees, on a grid of 1/10,000 degree (about 7 m): doubles would
 * mostly be drawn at 0, every point on the center, and prove nothing.
 */
const degrees = (limit: number) =>
  fc.integer({ min: -limit * 10_000, max: limit * 10_000 }).map((steps) => steps / 10_000);

/** Points within about 60 km of the center, and sometimes none. */
const place = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(degrees(0.8), degrees(0.5))
      .map(([dLon, dLat]) => ({ lon: CENTER.lon + dLon, lat: CENTER.lat + dLat })),
  },
);

const within: fc.Arbitrary<Filter> = fc
  .tuple(
    degrees(0.5),
    degrees(0.3),
    fc.constantFrom<GeoUnit>('m', 'km', 'mi', 'ft'),
    fc.integer({ min: 1, max: 10_000 }).map((steps) => steps / 10_000),
  )
  .map(([dLon, dLat, unit, share]) =>
    geo('place').within({
      lon: CENTER.lon + dLon,
      lat: CENTER.lat + dLat,
      // Up to 60 km, in the unit's own numbers.
      radius: (share * 60_000) / GEO_UNIT_METERS[unit],
      unit,
    }),
  );

const filter: fc.Arbitrary<Filter> = fc.oneof(
  within,
  within.map((leaf) => not(leaf)),
  fc.tuple(within, within).map(([a, b]) => and(a, b)),
  fc.tuple(within, within).map(([a, b]) => or(a, not(b))),
);

/** The geo conditions of a filter. */
function circles(node: FilterNode): Extract<FilterNode, { type: 'geo' }>[] {
  if (node.type === 'geo') return [node];
  if (node.type === 'not') return circles(node.filter);
  if (node.type === 'and' || node.type === 'or') return node.filters.flatMap(circles);
  return [];
}

describeWith(
  'query-engine',
  'geo filters on query-engine select what the in-memory evaluator selects',
  () => {
    redisTest(
      'random points and circles, in every unit',
      async ({ redis }) => {
        const index = createVectorIndex(connectionOf(redis.client), {
          name: redis.prefix,
          engine: 'query-engine',
          schema: { dimension: 4, fields: [{ name: 'place', type: 'geo' }] },
        });
        const random = seededRandom(3);
        await fc.assert(
          fc.asyncProperty(
            fc.array(place, { minLength: 1, maxLength: 12 }),
            fc.array(filter, { minLength: 1, maxLength: 3 }),
            (places, filters) =>
              expectQueriesToMatchEvaluator(
                index,
                places.map((point) => (point === undefined ? {} : { place: point })),
                filters,
                {
                  random,
                  // Redis keeps a point as a 52-bit geohash (within about a meter): a point
                  // that close to a circle's edge may fall either side, and is not compared.
                  compared: (candidate, position) => {
                    const point = places[position];
                    return (
                      point === undefined ||
                      circles(candidate.node).every(
                        (circle) =>
                          Math.abs(
                            geoDistance(point, circle) -
                              circle.radius * GEO_UNIT_METERS[circle.unit],
                          ) >= 2,
                      )
                    );
                  },
                },
              ),
          ),
          { numRuns: 120, seed: 20261207 },
        );
        // A point reads back as it was written.
        await index.upsert([
          { id: 'here', vector: [1, 0, 0, 0], content: '', metadata: { place: CENTER } },
        ]);
        expect((await index.get(['here']))[0]?.metadata).toEqual({ place: CENTER });
        await expect(
          index.upsert([
            { id: 'bad', vector: [1, 0, 0, 0], content: '', metadata: { place: [2, 48] } },
          ]),
        ).rejects.toThrow(InvalidArgumentError);
        await index.drop({ deleteDocuments: true });
      },
      60_000,
    );
  },
);

describeWith('vector-set', 'geo fields on vector-set', () => {
  redisTest('are refused when the index opens, before anything is written', async ({ redis }) => {
    const index = createVectorIndex(connectionOf(redis.client), {
      name: redis.prefix,
      engine: 'vector-set',
      schema: { dimension: 2, fields: [{ name: 'place', type: 'geo' }] },
    });
    await expect(index.upsert([{ id: 'a', vector: [1, 0], content: '' }])).rejects.toThrow(
      /geo field "place"/,
    );
    expect(await redis.client.keys(`${redis.prefix}*`)).toEqual([]);
  });
});
