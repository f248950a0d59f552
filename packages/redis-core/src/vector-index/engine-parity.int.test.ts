import { gateSkipReason, redisTest } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { connectionOf, ENGINES, randomVectors } from '../../test/vector-index-helpers.js';
import { num, or, tag } from '../filter/index.js';
import { createVectorIndex } from './create-vector-index.js';

// Both engines on one server: Redis 8 full builds, or Redis Stack 8.
const reason = gateSkipReason('query-engine') ?? gateSkipReason('vector-set');
const suite = reason ? describe.skip : describe;
if (reason) console.warn(`[test-utils] skipped "engine parity": ${reason}`);

suite(`engine parity${reason ? ` [skipped: ${reason}]` : ''}`, () => {
  redisTest(
    'the same documents and queries give the same neighbours and distances',
    async ({ redis }) => {
      const vectors = randomVectors(300, 32, 77);
      const documents = vectors.map((vector, position) => ({
        id: `d${position}`,
        vector,
        content: `c${position}`,
        metadata: { genre: ['a', 'b', 'c'][position % 3], year: position % 50 },
      }));
      const indexes = ENGINES.map((engine) =>
        createVectorIndex(connectionOf(redis.client), {
          name: `${redis.prefix}${engine}`,
          prefix: `${redis.prefix}:${engine}`,
          engine,
          schema: {
            fields: [
              { name: 'genre', type: 'tag' },
              { name: 'year', type: 'numeric' },
            ],
          },
        }),
      );
      try {
        for (const index of indexes) await index.upsert(documents);
        const queries = randomVectors(10, 32, 78);
        const filters = [
          undefined,
          tag('genre').eq('b'),
          or(num('year').lt(10), tag('genre').ne('a')),
        ];
        for (const vector of queries) {
          for (const filter of filters) {
            for (const distanceThreshold of [undefined, 0.9]) {
              const [first, second] = await Promise.all(
                indexes.map((index) =>
                  index.query({ vector, k: 10, filter, distanceThreshold, efRuntime: 300 }),
                ),
              );
              expect(second?.map((result) => result.id)).toEqual(first?.map((result) => result.id));
              first?.forEach((result, position) => {
                expect(
                  Math.abs(result.distance - (second?.[position]?.distance ?? 0)),
                ).toBeLessThan(1e-3);
              });
            }
          }
        }
      } finally {
        for (const index of indexes) await index.drop({ deleteDocuments: true });
      }
    },
  );
});
