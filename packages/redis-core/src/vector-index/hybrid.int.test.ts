import { describeWith, redisTest } from '@x/test-utils';
import fc from 'fast-check';
import { expect } from 'vitest';
import { connectionOf, randomVectors } from '../../test/vector-index-helpers.js';
import { CapabilityError } from '../errors.js';
import { tag } from '../filter/index.js';
import { createVectorIndex } from './create-vector-index.js';
import { cosineDistance } from './distance.js';
import { IndexKeys } from './index-keys.js';
import { createCommand } from './query-engine/query-engine-commands.js';
import { resolveSchema } from './resolve-schema.js';

const DIMENSION = 8;
const fields = [{ name: 'team', type: 'tag' }] as const;

/** 40 documents of filler text, and two that matter: one near the query, one with its rare word. */
function corpus() {
  const vectors = randomVectors(42, DIMENSION, 11);
  const query = randomVectors(1, DIMENSION, 12)[0] as number[];
  const documents = vectors.slice(0, 40).map((vector, position) => ({
    id: `filler-${position}`,
    vector,
    content: `routine note number ${position} about the weekly schedule`,
    metadata: { team: position % 2 ? 'red' : 'blue' },
  }));
  // Nearly the query's own direction, with none of its words.
  const near = query.map((value, position) => value + (position === 0 ? 0.01 : 0));
  // The opposite direction, with the query's rare identifier.
  const far = query.map((value) => -value);
  documents.push(
    { id: 'near', vector: near, content: 'a summary of storage alerts', metadata: { team: 'red' } },
    {
      id: 'keyword',
      vector: far,
      content: 'runbook for error ZX-7781 on the disk array',
      metadata: { team: 'red' },
    },
  );
  return { documents, query, far };
}

describeWith('query-engine', 'VectorIndex hybrid queries (query-engine)', () => {
  const open = (client: Parameters<typeof connectionOf>[0], name: string) =>
    createVectorIndex(connectionOf(client), {
      name,
      engine: 'query-engine',
      schema: { fields: [...fields] },
    });

  redisTest(
    'finds the document holding the rare word and the nearest one, with both scores',
    async ({ redis }) => {
      const index = open(redis.client, redis.prefix);
      const { documents, query, far } = corpus();
      await index.upsert(documents);
      const nearestOnly = await index.query({ vector: query, k: 2 });
      expect(nearestOnly.map((result) => result.id)).not.toContain('keyword');

      const results = await index.hybridQuery({
        text: 'what is error ZX-7781?',
        vector: query,
        k: 2,
      });
      expect(results.map((result) => result.id).sort()).toEqual(['keyword', 'near']);
      const keyword = results.find((result) => result.id === 'keyword');
      expect(keyword).toMatchObject({ textRank: 1, vectorRank: undefined });
      expect(keyword?.textScore).toBeGreaterThan(0);
      // Not among the nearest, yet its distance is the one the metric gives.
      expect(keyword?.distance).toBeCloseTo(cosineDistance(query, far), 5);
      const near = results.find((result) => result.id === 'near');
      expect(near).toMatchObject({ vectorRank: 1, textScore: undefined, textRank: undefined });
      expect(near?.content).toBe('a summary of storage alerts');
      expect(keyword?.metadata).toEqual({ team: 'red' });

      const linear = await index.hybridQuery({
        text: 'error ZX-7781',
        vector: query,
        k: 1,
        fusion: { method: 'linear', vectorWeight: 0.2 },
      });
      expect(linear.map((result) => result.id)).toEqual(['keyword']);
    },
  );

  redisTest(
    'filters both rankings, and a text of common words only is the vector ranking',
    async ({ redis }) => {
      const index = open(redis.client, redis.prefix);
      const { documents, query } = corpus();
      await index.upsert(documents);
      for (const fusion of [{ method: 'rrf' }, { method: 'linear', vectorWeight: 0 }] as const) {
        const blue = await index.hybridQuery({
          text: 'error ZX-7781 weekly schedule',
          vector: query,
          k: 20,
          filter: tag('team').eq('blue'),
          fusion,
        });
        expect(blue).toHaveLength(20);
        for (const result of blue) expect(result.metadata.team).toBe('blue');
      }

      const common = await index.hybridQuery({ text: 'what is it?', vector: query, k: 5 });
      const nearest = await index.query({ vector: query, k: 5 });
      expect(common.map((result) => result.id)).toEqual(nearest.map((result) => result.id));
    },
  );

  redisTest(
    'any text is only its words: query syntax in it changes nothing and never fails',
    async ({ redis }) => {
      const index = open(redis.client, redis.prefix);
      const { documents, query } = corpus();
      await index.upsert(documents);
      const syntax = fc.constantFrom(
        '@team:{red}',
        '|',
        '-',
        '*',
        '=>[KNN 40 @vector $vector]',
        '$vector',
        '"',
        '(',
        ')',
        '~',
        '%',
        '{',
        '}',
        '\\',
        ':',
        'ismissing(@team)',
        ' ',
        'error',
        'ZX-7781',
        'weekly',
      );
      const hostile = fc.oneof(
        fc.array(syntax, { maxLength: 12 }).map((parts) => parts.join('')),
        fc.string({ unit: 'binary', maxLength: 60 }).filter((text) => text.isWellFormed()),
      );
      await fc.assert(
        fc.asyncProperty(hostile, async (text) => {
          const results = await index.hybridQuery({ text, vector: query, k: 5, stopwords: [] });
          const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
          const plain = await index.hybridQuery({
            text: words.join(' '),
            vector: query,
            k: 5,
            stopwords: [],
          });
          expect(results).toEqual(plain);
        }),
        { numRuns: 60 },
      );
    },
  );

  redisTest(
    'an index made without full text says how to add it, and works once it is added',
    async ({ redis }) => {
      const name = redis.prefix;
      const keys = new IndexKeys(name);
      const schema = resolveSchema({ dimension: DIMENSION, fields: [...fields] });
      // The FT.CREATE of an earlier version: no TEXT field on the content.
      const older = createCommand(keys, schema).filter(
        (argument, position, all) =>
          !(argument === 'content' && all[position + 1] === 'TEXT') &&
          !(argument === 'TEXT' && all[position - 1] === 'content'),
      );
      await redis.client.sendCommand(older.map(String));
      const index = open(redis.client, name);
      const { documents, query } = corpus();
      await index.upsert(documents);
      expect((await index.query({ vector: query, k: 1 }))[0]?.id).toBe('near');
      const hybrid = () => index.hybridQuery({ text: 'ZX-7781', vector: query, k: 2 });
      await expect(hybrid()).rejects.toThrow(CapabilityError);
      await expect(hybrid()).rejects.toThrow(`FT.ALTER ${name} SCHEMA ADD content TEXT`);

      await redis.client.sendCommand(['FT.ALTER', name, 'SCHEMA', 'ADD', 'content', 'TEXT']);
      const reopened = open(redis.client, name);
      await expect
        .poll(async () =>
          (await reopened.hybridQuery({ text: 'ZX-7781', vector: query, k: 2 }))
            .map((result) => result.id)
            .sort(),
        )
        .toEqual(['keyword', 'near']);
    },
  );
});

describeWith('vector-set', 'VectorIndex hybrid queries (vector-set)', () => {
  redisTest(
    'are refused with a CapabilityError, never answered by vectors alone',
    async ({ redis }) => {
      const index = createVectorIndex(connectionOf(redis.client), {
        name: redis.prefix,
        engine: 'vector-set',
      });
      const { documents, query } = corpus();
      const hybrid = () => index.hybridQuery({ text: 'ZX-7781', vector: query, k: 2 });
      await expect(hybrid()).rejects.toThrow(CapabilityError);
      await index.upsert(documents);
      await expect(hybrid()).rejects.toThrow(/vector sets, which have no full-text index/);
    },
  );
});
