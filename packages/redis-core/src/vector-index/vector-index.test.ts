import { describe, expect, test } from 'vitest';
import type { RedisCapabilities } from '../capabilities.js';
import { CapabilityError, InvalidArgumentError, InvalidKeyError } from '../errors.js';
import { cosineDistance } from './distance.js';
import { IndexKeys } from './index-keys.js';
import { prepareDocuments } from './prepare-documents.js';
import { resolveSchema, schemaDifferences } from './resolve-schema.js';
import { selectEngine } from './select-engine.js';

const capabilities = (overrides: Partial<RedisCapabilities>): RedisCapabilities => ({
  server: 'redis',
  redisVersion: '8.0.2',
  queryEngine: null,
  vectorSets: true,
  json: false,
  cluster: false,
  ...overrides,
});

describe('selectEngine', () => {
  const schema = resolveSchema({});

  test('auto prefers the query engine, then vector sets, else says what is needed', () => {
    expect(selectEngine('auto', capabilities({ queryEngine: { version: '8.0.1' } }), schema)).toBe(
      'query-engine',
    );
    expect(selectEngine('auto', capabilities({}), schema)).toBe('vector-set');
    expect(() =>
      selectEngine('auto', capabilities({ redisVersion: '7.0.15', vectorSets: false }), schema),
    ).toThrow(
      new CapabilityError(
        'vector search needs Redis 8 or later (vector sets) or the Redis Query Engine; this server is Redis 7.0.15 with neither',
      ),
    );
  });

  test('on a cluster the Query Engine is never used: auto takes vector sets, asking for it is refused', () => {
    const cluster = capabilities({ queryEngine: { version: '2.10.32' }, cluster: true });
    expect(selectEngine('auto', cluster, schema)).toBe('vector-set');
    expect(() => selectEngine('query-engine', cluster, schema)).toThrow(
      /cannot run on a Redis Cluster: .* use engine "vector-set"/,
    );
    const error = (() => {
      try {
        selectEngine('query-engine', cluster, schema);
      } catch (caught) {
        return caught;
      }
    })();
    expect(CapabilityError.isInstance(error)).toBe(true);
  });

  test('an engine the server lacks is a capability error', () => {
    expect(() => selectEngine('query-engine', capabilities({}), schema)).toThrow(
      /needs the Redis Query Engine \(FT\.\* commands\); this server is Redis 8\.0\.2 without it; use engine "vector-set"/,
    );
    expect(() =>
      selectEngine(
        'vector-set',
        capabilities({ server: 'valkey', redisVersion: '8.1.0', vectorSets: false }),
        schema,
      ),
    ).toThrow(/needs Redis 8 or later \(vector sets\); this server is Valkey 8\.1\.0/);
  });

  test('what vector sets cannot do fails at creation: typed by whose fault it is', () => {
    const l2 = resolveSchema({ metric: 'L2', fields: [{ name: 'title', type: 'text' }] });
    const error = (() => {
      try {
        selectEngine('vector-set', capabilities({}), l2);
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /not metric L2, text field "title"; use engine "query-engine"/,
    );
    expect(() => selectEngine('auto', capabilities({}), l2)).toThrow(CapabilityError);
    expect(() =>
      selectEngine(
        'query-engine',
        capabilities({ queryEngine: { version: '2.8.4' } }),
        resolveSchema({ quantization: 'int8' }),
      ),
    ).toThrow(InvalidArgumentError);
  });
});

describe('resolveSchema and schemaDifferences', () => {
  test('applies the defaults and refuses bad values', () => {
    expect(resolveSchema({})).toMatchObject({
      dimension: undefined,
      metric: 'COSINE',
      algorithm: 'HNSW',
      m: 16,
      efConstruction: 200,
      efRuntime: 100,
      datatype: 'FLOAT32',
      quantization: 'none',
      fields: [],
    });
    for (const bad of [
      { dimension: 0 },
      { dimension: 1.5 },
      { metric: 'cosine' },
      { hnsw: { m: 0 } },
      { datatype: 'INT8' },
      { fields: [{ name: 'a', type: 'point' }] },
      { fields: [{ name: 'a-b', type: 'tag' }] },
      {
        fields: [
          { name: 'a', type: 'tag' },
          { name: 'a', type: 'numeric' },
        ],
      },
    ]) {
      expect(() => resolveSchema(bad as never), JSON.stringify(bad)).toThrow(InvalidArgumentError);
    }
  });

  test('names each difference; an open dimension or an unreported fact matches', () => {
    const asked = resolveSchema({
      fields: [
        { name: 'b', type: 'tag' },
        { name: 'a', type: 'numeric' },
      ],
    });
    expect(
      schemaDifferences(asked, {
        dimension: 3,
        fields: [
          { name: 'a', type: 'numeric' },
          { name: 'b', type: 'tag' },
        ],
      }),
    ).toEqual([]);
    expect(
      schemaDifferences(
        { ...asked, dimension: 4 },
        { dimension: 3, metric: 'L2', datatype: 'FLOAT64', mismatches: ['prefix: x'] },
      ),
    ).toEqual([
      'prefix: x',
      'dimension: index has 3, asked for 4',
      'metric: index has L2, asked for COSINE',
      'datatype: index has FLOAT64, asked for FLOAT32',
    ]);
  });
});

describe('prepareDocuments', () => {
  const schema = resolveSchema({ fields: [{ name: 'tags', type: 'tag' }] });
  const settings = { index: 'idx', generateId: () => 'generated', now: () => 1_000 };

  test('takes the dimension from the first vector and computes expiry times in ms', () => {
    const { prepared, dimension } = prepareDocuments(
      [{ vector: [1, 2, 3], content: 'a', ttl: 1.5, metadata: { tags: ['x'], when: new Date(0) } }],
      schema,
      settings,
    );
    expect(dimension).toBe(3);
    expect(prepared[0]).toMatchObject({
      id: 'generated',
      expiresAt: 2_500,
      metadata: { tags: ['x'], when: '1970-01-01T00:00:00.000Z' },
    });
  });

  test('refuses what it cannot store, naming the document', () => {
    expect(() =>
      prepareDocuments(
        [
          { vector: [1], content: 'a' },
          { vector: [1, 2], content: 'b' },
        ],
        schema,
        settings,
      ),
    ).toThrow(/documents\[1\] has 2/);
    expect(() =>
      prepareDocuments([{ vector: [1, Number.NaN], content: 'a' }], schema, settings),
    ).toThrow(/documents\[0\]/);
    expect(() =>
      prepareDocuments(
        [{ vector: [1], content: 'a', metadata: { tags: { no: 1 } } }],
        schema,
        settings,
      ),
    ).toThrow(/declared as a tag/);
    expect(() =>
      prepareDocuments(
        [{ vector: [1], content: 'a', metadata: { big: 1n } as never }],
        schema,
        settings,
      ),
    ).toThrow(/not JSON-serializable/);
    expect(() =>
      prepareDocuments([{ id: 'x'.repeat(2000), vector: [1], content: 'a' }], schema, settings),
    ).toThrow(InvalidKeyError);
    expect(() =>
      prepareDocuments([{ vector: [1], content: 3 as never }], schema, settings),
    ).toThrow(/content/);
  });
});

describe('IndexKeys and cosineDistance', () => {
  test('validates the name and prefix', () => {
    expect(() => new IndexKeys('has space')).toThrow(InvalidKeyError);
    expect(() => new IndexKeys('ok', 'bad{tag}')).toThrow(InvalidKeyError);
    expect(new IndexKeys('docs').document('1')).toBe('docs:doc:1');
  });

  test('is 1 − cos in [0, 2]', () => {
    expect(cosineDistance([1, 0], [2, 0])).toBeCloseTo(0, 12);
    expect(cosineDistance([1, 0], [0, 3])).toBeCloseTo(1, 12);
    expect(cosineDistance([1, 0], [-1, 0])).toBeCloseTo(2, 12);
    expect(() => cosineDistance([0, 0], [1, 0])).toThrow();
  });
});
