import { describeWith, redisTest } from '@x/test-utils';
import { createClient } from 'redis';
import { expect } from 'vitest';
import { connectionOf, ENGINES, randomVectors } from '../../test/vector-index-helpers.js';
import { InvalidFilterError } from '../errors.js';
import { num, tag } from '../filter/index.js';
import { createVectorIndex } from './create-vector-index.js';
import { cosineDistance } from './distance.js';
import type { VectorIndexOptions } from './vector-index-options.js';

const fields = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

for (const engine of ENGINES) {
  describeWith(engine, `VectorIndex (${engine})`, () => {
    const open = (
      client: Parameters<typeof connectionOf>[0],
      options: Partial<VectorIndexOptions> & { name: string },
    ) =>
      createVectorIndex(connectionOf(client), {
        engine,
        schema: { fields: [...fields] },
        ...options,
      });

    redisTest(
      'creates the index on the first write and returns exact cosine distances',
      async ({ redis }) => {
        const index = open(redis.client, { name: redis.prefix });
        try {
          expect(await index.exists()).toBe(false);
          expect(await index.query({ vector: [1, 0, 0], k: 3 })).toEqual([]);
          const vectors = randomVectors(50, 8, 7);
          const ids = await index.upsert(
            vectors.map((vector, position) => ({
              id: `d${position}`,
              vector,
              content: `text ${position}`,
            })),
          );
          expect(ids).toEqual(vectors.map((_, position) => `d${position}`));
          expect(index.dimension).toBe(8);
          const query = randomVectors(1, 8, 99)[0] as number[];
          const exact = vectors
            .map((vector, position) => ({
              id: `d${position}`,
              distance: cosineDistance(query, vector),
            }))
            .sort((a, b) => a.distance - b.distance)
            .slice(0, 5);
          const results = await index.query({ vector: query, k: 5 });
          expect(results.map((result) => result.id)).toEqual(exact.map((hit) => hit.id));
          results.forEach((result, position) => {
            expect(result.distance).toBeCloseTo(exact[position]?.distance ?? Number.NaN, 3);
            expect(result.content).toBe(`text ${result.id.slice(1)}`);
          });
          expect(await index.info()).toMatchObject({
            engine,
            exists: true,
            documents: 50,
            dimension: 8,
          });
        } finally {
          await index.drop({ deleteDocuments: true });
        }
      },
    );

    redisTest(
      'filters, thresholds and returns stored vectors and metadata intact',
      async ({ redis }) => {
        const index = open(redis.client, { name: redis.prefix });
        try {
          await index.upsert([
            {
              id: 'a',
              vector: [1, 0],
              content: 'A',
              metadata: { genre: ['x', 'y'], year: 2020, nested: { deep: [1, 'two'] } },
            },
            { id: 'b', vector: [1, 1], content: 'B', metadata: { genre: 'y', year: 2010 } },
            { id: 'c', vector: [0, 1], content: 'C', metadata: { genre: 'z' } },
            { id: 'd', vector: [-1, 0], content: 'D', metadata: {} },
          ]);
          const ids = async (query: Parameters<typeof index.query>[0]) =>
            (await index.query(query)).map((result) => result.id);
          expect(await ids({ vector: [1, 0], k: 10, filter: tag('genre').eq('y') })).toEqual([
            'a',
            'b',
          ]);
          expect(await ids({ vector: [1, 0], k: 10, filter: { year: { $gte: 2015 } } })).toEqual([
            'a',
          ]);
          expect(await ids({ vector: [1, 0], k: 10, filter: { genre: { $ne: 'y' } } })).toEqual([
            'c',
            'd',
          ]);
          expect(
            await ids({ vector: [1, 0], k: 10, filter: { $not: num('year').lt(2015) } }),
          ).toEqual(['a', 'c', 'd']);
          expect(await ids({ vector: [1, 0], k: 10, distanceThreshold: 1 })).toEqual([
            'a',
            'b',
            'c',
          ]);
          expect(await ids({ vector: [1, 0], k: 1, distanceThreshold: 1 })).toEqual(['a']);
          const [first] = await index.query({ vector: [1, 0], k: 1, returnVectors: true });
          expect(first?.metadata).toEqual({
            genre: ['x', 'y'],
            year: 2020,
            nested: { deep: [1, 'two'] },
          });
          expect(first?.vector?.[0]).toBeCloseTo(1, 5);
          expect(first?.vector?.[1]).toBeCloseTo(0, 5);
          await expect(
            index.query({ vector: [1, 0], k: 1, filter: { other: 'x' } }),
          ).rejects.toThrow(InvalidFilterError);
        } finally {
          await index.drop({ deleteDocuments: true });
        }
      },
    );

    redisTest(
      'an upsert replaces a document whole: no stale field stays filterable',
      async ({ redis }) => {
        const index = open(redis.client, { name: redis.prefix });
        try {
          await index.upsert([
            { id: 'a', vector: [1, 0], content: 'old', metadata: { genre: 'x', year: 1 } },
          ]);
          await index.upsert([{ id: 'a', vector: [0, 1], content: 'new', metadata: {} }]);
          expect(await index.query({ vector: [1, 0], k: 5, filter: tag('genre').eq('x') })).toEqual(
            [],
          );
          expect(await index.query({ vector: [1, 0], k: 5, filter: num('year').eq(1) })).toEqual(
            [],
          );
          const [result] = await index.query({ vector: [0, 1], k: 5 });
          expect(result).toMatchObject({ id: 'a', content: 'new', metadata: {} });
          expect(result?.distance).toBeCloseTo(0, 5);
        } finally {
          await index.drop({ deleteDocuments: true });
        }
      },
    );

    redisTest('makes random UUIDs, never counters, and gets documents by id', async ({ redis }) => {
      const index = open(redis.client, { name: redis.prefix });
      try {
        const [generated, given] = await index.upsert([
          { vector: [1, 2], content: 'one' },
          { id: 'id with spaces/and:colons{}', vector: [2, 1], content: 'two' },
        ]);
        expect(generated).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        expect(given).toBe('id with spaces/and:colons{}');
        const documents = await index.get([given as string, 'missing', generated as string]);
        expect(documents.map((document) => document?.content)).toEqual(['two', undefined, 'one']);
      } finally {
        await index.drop({ deleteDocuments: true });
      }
    });

    redisTest('deletes by id and by filter, counting what it removed', async ({ redis }) => {
      const index = open(redis.client, { name: redis.prefix });
      try {
        await index.upsert(
          randomVectors(30, 4, 3).map((vector, position) => ({
            id: `d${position}`,
            vector,
            content: '',
            metadata: { genre: position % 3 === 0 ? 'drop' : 'keep', year: position },
          })),
        );
        expect(await index.delete(['d1', 'd2', 'nope'])).toBe(2);
        expect(await index.deleteWhere({ genre: 'drop' })).toBe(10);
        expect(await index.deleteWhere(num('year').gte(25))).toBe(4);
        expect((await index.info()).documents).toBe(14);
        expect((await index.get(['d0', 'd4', 'd26'])).map((document) => document?.id)).toEqual([
          undefined,
          'd4',
          undefined,
        ]);
        await expect(index.deleteWhere({})).rejects.toThrow(InvalidFilterError);
      } finally {
        await index.drop({ deleteDocuments: true });
      }
    });

    redisTest('answers the same to RESP2 and RESP3 clients', async ({ redis }) => {
      const resp2 = createClient({ url: redis.url, RESP: 2 });
      await resp2.connect();
      const index = open(redis.client, { name: redis.prefix });
      try {
        await index.upsert(
          randomVectors(20, 4, 5).map((vector, position) => ({
            id: `__proto__${position % 2 ? '' : position}`,
            vector,
            content: `c${position}`,
            metadata: { genre: 'g', year: position },
          })),
        );
        const query = {
          vector: [0.1, 0.2, 0.3, 0.4],
          k: 5,
          filter: num('year').gte(3),
          returnVectors: true,
        };
        const viaResp3 = await index.query(query);
        const viaResp2 = await open(resp2, { name: redis.prefix }).query(query);
        expect(viaResp2).toEqual(viaResp3);
        expect(viaResp3.map((result) => result.id)).toContain('__proto__');
      } finally {
        await index.drop({ deleteDocuments: true });
        await resp2.close();
      }
    });
  });
}
