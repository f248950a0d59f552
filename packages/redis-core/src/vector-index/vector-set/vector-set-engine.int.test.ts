import { describeWith, redisTest, spawnRedisServer, testRedis } from '@x/test-utils';
import { expect } from 'vitest';
import { connectionOf, randomVectors } from '../../../test/vector-index-helpers.js';
import { CapabilityError, InvalidArgumentError, SchemaMismatchError } from '../../errors.js';
import { createVectorIndex } from '../create-vector-index.js';
import { cosineDistance } from '../distance.js';

describeWith('vector-set', 'vector-set engine', () => {
  redisTest(
    'distances at 384 dimensions equal exact cosine distances computed in JS',
    async ({ redis }) => {
      const index = createVectorIndex(connectionOf(redis.client), {
        name: redis.prefix,
        engine: 'vector-set',
      });
      const vectors = randomVectors(200, 384, 11);
      await index.upsert(
        vectors.map((vector, position) => ({ id: String(position), vector, content: '' })),
      );
      for (const query of randomVectors(5, 384, 12)) {
        const results = await index.query({ vector: query, k: 10, efRuntime: 400 });
        const exact = vectors
          .map((vector, position) => ({
            id: String(position),
            distance: cosineDistance(query, vector),
          }))
          .sort((a, b) => a.distance - b.distance)
          .slice(0, 10);
        expect(results.map((result) => result.id)).toEqual(exact.map((hit) => hit.id));
        results.forEach((result, position) => {
          expect(Math.abs(result.distance - (exact[position]?.distance ?? 0))).toBeLessThan(1e-3);
        });
      }
    },
  );

  redisTest(
    '8-bit and binary quantization keep distances approximate and in [0, 2]',
    async ({ redis }) => {
      const vectors = randomVectors(100, 64, 21);
      const query = randomVectors(1, 64, 22)[0] as number[];
      for (const quantization of ['int8', 'binary'] as const) {
        const index = createVectorIndex(connectionOf(redis.client), {
          name: `${redis.prefix}${quantization}`,
          prefix: redis.prefix,
          engine: 'vector-set',
          schema: { quantization },
        });
        await index.upsert(
          vectors.map((vector, position) => ({ id: String(position), vector, content: '' })),
        );
        const [nearest] = await index.query({ vector: query, k: 1 });
        const exact = cosineDistance(query, vectors[Number(nearest?.id)] as number[]);
        expect(nearest?.distance).toBeGreaterThanOrEqual(0);
        expect(Math.abs((nearest?.distance ?? 0) - exact)).toBeLessThan(
          quantization === 'int8' ? 0.02 : 0.5,
        );
        await expect(index.info()).resolves.toMatchObject({ documents: 100 });
      }
      // The vector set itself says how it quantizes: another setting is a schema mismatch.
      const other = createVectorIndex(connectionOf(redis.client), {
        name: `${redis.prefix}int8`,
        prefix: redis.prefix,
        engine: 'vector-set',
      });
      await expect(other.ensure()).rejects.toThrow(/quantization: index has int8, asked for none/);
    },
  );

  redisTest(
    'refuses metrics, algorithms and datatypes vector sets do not have',
    async ({ redis }) => {
      for (const schema of [
        { metric: 'L2' },
        { metric: 'IP' },
        { algorithm: 'FLAT' },
        { datatype: 'FLOAT16' },
      ] as const) {
        const index = createVectorIndex(connectionOf(redis.client), {
          name: redis.prefix,
          engine: 'vector-set',
          schema,
        });
        await expect(index.ensure()).rejects.toThrow(InvalidArgumentError);
      }
      if (!testRedis().capabilities.queryEngine) {
        const auto = createVectorIndex(connectionOf(redis.client), {
          name: redis.prefix,
          schema: { metric: 'L2' },
        });
        await expect(auto.ensure()).rejects.toThrow(CapabilityError);
      }
    },
  );

  redisTest(
    'expired elements are swept: by a query that meets them, and before counting',
    async ({ redis }) => {
      const start = Date.now() - 60_000;
      let now = start;
      const index = createVectorIndex(connectionOf(redis.client), {
        name: redis.prefix,
        engine: 'vector-set',
        now: () => now,
      });
      const vectors = randomVectors(20, 4, 31);
      // Written a minute ago with a 1 s TTL: the hashes are gone, the elements are not.
      await index.upsert(
        vectors.map((vector, position) => ({ id: `e${position}`, vector, content: '', ttl: 1 })),
      );
      // 10 s later (too soon for the periodic sweep): e0 is written again with a fresh TTL, and
      // its old expiry must not sweep it away.
      now = start + 10_000;
      await index.upsert([{ id: 'e0', vector: vectors[0] as number[], content: 'again', ttl: 70 }]);
      await index.upsert([{ id: 'live', vector: [1, 1, 1, 1], content: 'live' }]);
      const set = `${redis.prefix}:{${redis.prefix}}:vectors`;
      expect(await redis.client.sendCommand(['VCARD', set])).toBe(21);
      const results = await index.query({ vector: vectors[3] as number[], k: 2 });
      expect(results.map((result) => result.id).sort()).toEqual(['e0', 'live']);
      await expect.poll(() => redis.client.sendCommand(['VCARD', set])).toBe(2);
      await expect(index.info()).resolves.toMatchObject({ documents: 2 });
      expect(await redis.client.zCard(`${redis.prefix}:{${redis.prefix}}:expiries`)).toBe(1);
    },
  );

  redisTest(
    'a vector set of another dimension under the index key is a schema mismatch',
    async ({ redis }) => {
      await redis.client.sendCommand([
        'VADD',
        `${redis.prefix}:{${redis.prefix}}:vectors`,
        'VALUES',
        '2',
        '1',
        '0',
        'x',
      ]);
      const index = createVectorIndex(connectionOf(redis.client), {
        name: redis.prefix,
        engine: 'vector-set',
        schema: { dimension: 3 },
      });
      const error = await index.ensure().catch((caught: unknown) => caught);
      expect(SchemaMismatchError.isInstance(error)).toBe(true);
      expect((error as SchemaMismatchError).differences).toContain(
        'dimension: index has 2, asked for 3',
      );
    },
  );

  redisTest('drop removes every key of the index, documents too when asked', async ({ redis }) => {
    const index = createVectorIndex(connectionOf(redis.client), {
      name: redis.prefix,
      engine: 'vector-set',
    });
    await index.upsert([{ id: 'a', vector: [1, 0], content: 'a', ttl: 60 }]);
    await index.drop();
    expect((await redis.client.keys(`${redis.prefix}*`)).sort()).toEqual([
      `${redis.prefix}:{${redis.prefix}}:doc:a`,
    ]);
    await index.upsert([{ id: 'b', vector: [1, 0], content: 'b' }]);
    await index.drop({ deleteDocuments: true });
    expect(await redis.client.keys(`${redis.prefix}*`)).toEqual([]);
    expect(await index.exists()).toBe(false);
  });
});

describeWith('redis7', 'on Redis 7 without modules', () => {
  redisTest('the index says what vector search needs', async () => {
    const redis7 = testRedis().redis7Binary as string;
    const server = await spawnRedisServer({ binary: redis7 });
    const index = createVectorIndex({ url: server.url }, { name: 'docs' });
    try {
      const error = await index.query({ vector: [1, 0], k: 1 }).catch((caught: unknown) => caught);
      expect(CapabilityError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /^vector search needs Redis 8 or later \(vector sets\) or the Redis Query Engine; this server is Redis 7\.\d+\.\d+ with neither$/,
      );
    } finally {
      await index.close();
      await server.stop();
    }
  });
});
