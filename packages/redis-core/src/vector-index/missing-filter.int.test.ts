import { describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { connectionOf } from '../../test/vector-index-helpers.js';
import { CapabilityError } from '../errors.js';
import { isMissing, not } from '../filter/index.js';
import { createVectorIndex } from './create-vector-index.js';
import { IndexKeys } from './index-keys.js';
import { createCommand } from './query-engine/query-engine-commands.js';
import { resolveSchema } from './resolve-schema.js';

const fields = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;

const documents = [
  { id: 'both', vector: [1, 0], content: '', metadata: { genre: 'sf', year: 2020 } },
  { id: 'none', vector: [1, 0.1], content: '', metadata: {} },
  { id: 'empty', vector: [1, 0.2], content: '', metadata: { genre: [], year: null } },
];

describeWith('vector-set', 'isMissing on a vector-set index made before tags were listed', () => {
  redisTest(
    'answers for numbers, and refuses for tags rather than answer wrong',
    async ({ redis }) => {
      const index = createVectorIndex(connectionOf(redis.client), {
        name: redis.prefix,
        engine: 'vector-set',
        schema: { fields: [...fields] },
      });
      await index.upsert(documents);
      const ids = async (filter: Parameters<typeof index.query>[0]['filter']) =>
        (await index.query({ vector: [1, 0], k: 10, filter })).map((result) => result.id).sort();
      expect(await ids(isMissing('genre'))).toEqual(['empty', 'none']);
      expect(await ids(not(isMissing('year')))).toEqual(['both']);

      // The schema record of an index made by the version before: version 1.
      const record = new IndexKeys(redis.prefix).schemaRecord;
      const stored = JSON.parse(String(await redis.client.get(record)));
      await redis.client.set(record, JSON.stringify({ ...stored, version: 1 }));
      const older = createVectorIndex(connectionOf(redis.client), {
        name: redis.prefix,
        engine: 'vector-set',
        schema: { fields: [...fields] },
      });
      expect(
        (await older.query({ vector: [1, 0], k: 10, filter: isMissing('year') }))
          .map((r) => r.id)
          .sort(),
      ).toEqual(['empty', 'none']);
      await expect(
        older.query({ vector: [1, 0], k: 10, filter: isMissing('genre') }),
      ).rejects.toThrow(CapabilityError);
    },
  );
});

describeWith('query-engine', 'isMissing on a Query Engine index made without INDEXMISSING', () => {
  redisTest('is refused with a CapabilityError', async ({ redis }) => {
    const schema = resolveSchema({ dimension: 2, fields: [...fields] });
    await redis.client.sendCommand(
      createCommand(new IndexKeys(redis.prefix), schema, { indexMissing: false }).map(String),
    );
    const index = createVectorIndex(connectionOf(redis.client), {
      name: redis.prefix,
      engine: 'query-engine',
      schema: { fields: [...fields] },
    });
    await index.upsert(documents);
    await expect(
      index.query({ vector: [1, 0], k: 10, filter: isMissing('genre') }),
    ).rejects.toThrow(/does not index documents without that field/);
    const made = createVectorIndex(connectionOf(redis.client), {
      name: `${redis.prefix}-new`,
      engine: 'query-engine',
      schema: { fields: [...fields] },
    });
    await made.upsert(documents);
    expect(
      (await made.query({ vector: [1, 0], k: 10, filter: isMissing('genre') }))
        .map((r) => r.id)
        .sort(),
    ).toEqual(['empty', 'none']);
    await made.drop({ deleteDocuments: true });
  });
});
