import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { connectionOf, ENGINES } from '../../test/vector-index-helpers.js';
import {
  DimensionMismatchError,
  InvalidArgumentError,
  InvalidVectorError,
  SchemaMismatchError,
} from '../errors.js';
import { createVectorIndex } from './create-vector-index.js';
import type { VectorIndexOptions } from './vector-index-options.js';

const fields = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

for (const engine of ENGINES) {
  describeWith(engine, `VectorIndex lifecycle (${engine})`, () => {
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
      'refuses a vector of another dimension and writes nothing of the batch',
      async ({ redis }) => {
        const index = open(redis.client, { name: redis.prefix });
        try {
          await index.upsert([{ id: 'a', vector: [1, 0, 0], content: 'a' }]);
          const fresh = open(redis.client, { name: redis.prefix });
          const error = await fresh
            .upsert([
              { id: 'b', vector: [0, 1, 0], content: 'b' },
              { id: 'c', vector: [0, 1, 0, 0], content: 'c' },
            ])
            .catch((caught: unknown) => caught);
          expect(DimensionMismatchError.isInstance(error)).toBe(true);
          expect((error as Error).message).toMatch(/3 dimensions but documents\[1\] has 4/);
          await expect(fresh.upsert([{ id: 'd', vector: [1, 0], content: 'd' }])).rejects.toThrow(
            /index ".*" has 3 dimensions but documents\[0\] has 2/,
          );
          await expect(fresh.query({ vector: [1, 0], k: 1 })).rejects.toThrow(
            DimensionMismatchError,
          );
          await expect(fresh.upsert([{ vector: [0, 0, 0], content: 'zero' }])).rejects.toThrow(
            InvalidVectorError,
          );
          expect((await fresh.info()).documents).toBe(1);
        } finally {
          await index.drop({ deleteDocuments: true });
        }
      },
    );

    redisTest(
      'an existing index with another schema is refused, naming every difference',
      async ({ redis }) => {
        const index = open(redis.client, {
          name: redis.prefix,
          schema: { dimension: 4, fields: [...fields] },
        });
        try {
          await index.ensure();
          const other = open(redis.client, {
            name: redis.prefix,
            schema: { dimension: 8, fields: [{ name: 'genre', type: 'numeric' }], hnsw: { m: 32 } },
          });
          const error = (await other
            .ensure()
            .catch((caught: unknown) => caught)) as SchemaMismatchError;
          expect(SchemaMismatchError.isInstance(error)).toBe(true);
          expect(error.differences).toEqual([
            'dimension: index has 4, asked for 8',
            'hnsw.m: index has 16, asked for 32',
            'fields: index has genre (tag), year (numeric), asked for genre (numeric)',
          ]);
          const same = open(redis.client, { name: redis.prefix });
          await same.ensure();
          expect(same.dimension).toBe(4);
        } finally {
          await index.drop({ deleteDocuments: true });
        }
      },
    );

    redisTest('expired documents are never returned', async ({ redis }) => {
      let now = Date.now() - 60_000;
      const index = open(redis.client, { name: redis.prefix, now: () => now });
      try {
        // Written a minute ago with a 10 s TTL: the hash is already gone, the element may not be.
        await index.upsert([
          { id: 'old', vector: [1, 0], content: 'old', ttl: 10 },
          { id: 'older', vector: [1, 0.1], content: 'older', ttl: 5 },
        ]);
        now = Date.now();
        await index.upsert([
          { id: 'fresh', vector: [0.5, 1], content: 'fresh', ttl: 60 },
          { id: 'kept', vector: [0, 1], content: 'kept' },
        ]);
        const results = await index.query({ vector: [1, 0], k: 2 });
        expect(results.map((result) => result.id)).toEqual(['fresh', 'kept']);
        expect(await index.get(['old', 'fresh'])).toMatchObject([undefined, { id: 'fresh' }]);
        expect((await index.info()).documents).toBe(2);
        expect(
          await redis.client.pTTL(
            `${redis.prefix}:${engine === 'vector-set' ? `{${redis.prefix}}:` : ''}doc:fresh`,
          ),
        ).toBeGreaterThan(50_000);
      } finally {
        await index.drop({ deleteDocuments: true });
      }
    });

    redisTest('checks options before sending anything', async ({ redis }) => {
      expect(() => open(redis.client, { name: 'bad name' })).toThrow(InvalidArgumentError);
      expect(() =>
        open(redis.client, {
          name: redis.prefix,
          schema: { fields: [{ name: 'content', type: 'tag' }] },
        }),
      ).toThrow(/reserved/);
      const index = open(redis.client, { name: redis.prefix });
      await expect(index.query({ vector: [1], k: 0 })).rejects.toThrow(InvalidArgumentError);
      await expect(index.query({ vector: [1], k: 1, distanceThreshold: -1 })).rejects.toThrow(
        InvalidArgumentError,
      );
      await expect(index.upsert([{ vector: [1], content: 'x', ttl: 0 }])).rejects.toThrow(
        InvalidArgumentError,
      );
      await expect(
        index.upsert([{ vector: [1], content: 'x', metadata: { year: 'abc' } }]),
      ).rejects.toThrow(/numeric/);
      await expect(index.upsert([{ id: '', vector: [1], content: 'x' }])).rejects.toThrow(
        InvalidArgumentError,
      );
      expect(await index.exists()).toBe(false);
    });
  });
}

describeWith('query-engine', 'VectorIndex when its Query Engine index goes away', () => {
  redisTest(
    'a query after the index was dropped elsewhere creates it again and finds the documents',
    async ({ redis }) => {
      const index = createVectorIndex(connectionOf(redis.client), {
        name: redis.prefix,
        engine: 'query-engine',
        schema: { fields: [{ name: 'genre', type: 'tag' }] },
      });
      try {
        await index.upsert([
          { id: 'a', vector: [1, 0], content: 'a', metadata: { genre: 'x' } },
          { id: 'b', vector: [0, 1], content: 'b', metadata: { genre: 'y' } },
        ]);
        // As another client dropping the index (keeping its documents), or a server that lost
        // its data, would leave it: the index object still believes the index exists.
        await redis.client.sendCommand(['FT.DROPINDEX', redis.prefix]);
        const ids = async () =>
          (await index.query({ vector: [1, 0], k: 2, filter: { genre: 'x' } })).map(
            (result) => result.id,
          );
        // FT.CREATE indexes the hashes already under the prefix in the background.
        await expect.poll(ids, { timeout: 5000 }).toEqual(['a']);
        await expect.poll(async () => (await index.info()).documents, { timeout: 5000 }).toBe(2);
        await redis.client.sendCommand(['FT.DROPINDEX', redis.prefix]);
        await expect.poll(async () => (await index.info()).documents, { timeout: 5000 }).toBe(2);
        expect(await index.deleteWhere({ genre: 'y' })).toBe(1);
        expect((await index.get(['a', 'b'])).map((document) => document?.id)).toEqual([
          'a',
          undefined,
        ]);
      } finally {
        await index.drop({ deleteDocuments: true });
      }
    },
  );
});
