import { describe, expect, test } from 'vitest';
import { encodeVector } from '../../vector-encoding.js';
import type { PreparedDocument } from '../engine.js';
import { IndexKeys } from '../index-keys.js';
import { resolveSchema } from '../resolve-schema.js';
import {
  elementAttributes,
  parseHits,
  parseVectorSetInfo,
  searchCommand,
  writeCommands,
} from './vector-set-commands.js';

const keys = new IndexKeys('idx', 'app');
const schema = resolveSchema({
  dimension: 2,
  quantization: 'int8',
  hnsw: { m: 24, efConstruction: 300 },
  fields: [
    { name: 'genre', type: 'tag' },
    { name: 'year', type: 'numeric' },
  ],
});
const text = (args: unknown[]) => args.map((arg) => (Buffer.isBuffer(arg) ? '<blob>' : arg));

describe('vector-set keys', () => {
  test('every key of an index carries the index name as its hash tag, after the prefix', () => {
    expect(keys.vectorSet).toBe('app:{idx}:vectors');
    expect(keys.expiries).toBe('app:{idx}:expiries');
    expect(keys.schemaRecord).toBe('app:{idx}:schema');
    expect(keys.taggedDocument('a/b {c}')).toBe('app:{idx}:doc:a%2Fb%20%7Bc%7D');
  });
});

describe('vector-set attributes', () => {
  test('every declared field is present: tags as encoded arrays, fields without a value listed', () => {
    expect(
      JSON.parse(elementAttributes({ genre: 'Drama', year: 1999, other: 1 }, schema) ?? ''),
    ).toEqual({
      genre: ['_44rama'],
      year: 1999,
      __missing: [],
    });
    expect(JSON.parse(elementAttributes({}, schema) ?? '')).toEqual({
      genre: [],
      year: 0,
      __missing: ['genre', 'year'],
    });
    expect(JSON.parse(elementAttributes({ genre: [], year: null }, schema) ?? '')).toEqual({
      genre: [],
      year: 0,
      __missing: ['genre', 'year'],
    });
    expect(elementAttributes({ genre: 'x' }, resolveSchema({}))).toBeUndefined();
  });
});

describe('vector-set commands', () => {
  const document: PreparedDocument = {
    id: 'd1',
    vector: [0.5, 0.5],
    content: 'text',
    metadataJson: '{"genre":"x"}',
    metadata: { genre: 'x' },
    expiresAt: undefined,
  };

  test('one MULTI writes the element (M and EF always sent), the hash, and clears an old expiry', () => {
    const commands = writeCommands(document, keys, schema);
    expect(commands.map(text)).toEqual([
      [
        'VADD',
        'app:{idx}:vectors',
        'FP32',
        '<blob>',
        'd1',
        'Q8',
        'EF',
        '300',
        'SETATTR',
        '{"genre":["x"],"year":0,"__missing":["year"]}',
        'M',
        '24',
      ],
      ['DEL', 'app:{idx}:doc:d1'],
      ['HSET', 'app:{idx}:doc:d1', 'content', 'text', 'metadata', '{"genre":"x"}'],
      ['ZREM', 'app:{idx}:expiries', 'd1'],
    ]);
    expect(commands[0]?.[3]).toEqual(encodeVector([0.5, 0.5]));
  });

  test('an expiring document gets PEXPIREAT on its hash and a place in the expiry set', () => {
    const commands = writeCommands({ ...document, expiresAt: 1234 }, keys, resolveSchema({}));
    expect(commands.map(text).slice(0, 1)[0]).toEqual([
      'VADD',
      'app:{idx}:vectors',
      'FP32',
      '<blob>',
      'd1',
      'NOQUANT',
      'EF',
      '200',
      'M',
      '16',
    ]);
    expect(commands.slice(3)).toEqual([
      ['PEXPIREAT', 'app:{idx}:doc:d1', '1234'],
      ['ZADD', 'app:{idx}:expiries', '1234', 'd1'],
    ]);
  });

  test('VSIM: scores, count, EF at least the count, filter, EPSILON only when the server takes it', () => {
    const query = { vector: [1, 0], filter: '(.year > 1)', distanceThreshold: 0.3, efRuntime: 5 };
    expect(text(searchCommand(keys, query, { count: 10, epsilon: true }))).toEqual([
      'VSIM',
      'app:{idx}:vectors',
      'FP32',
      '<blob>',
      'WITHSCORES',
      'COUNT',
      '10',
      'EF',
      '10',
      'FILTER',
      '(.year > 1)',
      'EPSILON',
      String(0.3 + 1e-6),
    ]);
    expect(searchCommand(keys, query, { count: 10, epsilon: false })).not.toContain('EPSILON');
    expect(
      searchCommand(
        keys,
        { ...query, filter: undefined },
        { count: 3, epsilon: false, truth: true },
      ).slice(-3),
    ).toEqual(['EF', '5', 'TRUTH']);
    // FILTER-EF goes with a filter to a graph search only: a scan tries every element anyway.
    expect(
      text(searchCommand(keys, query, { count: 10, epsilon: false, filterEf: 1000 })).slice(-4),
    ).toEqual(['FILTER', '(.year > 1)', 'FILTER-EF', '1000']);
    expect(
      searchCommand(keys, query, { count: 10, epsilon: false, truth: true, filterEf: 1000 }),
    ).not.toContain('FILTER-EF');
    expect(
      searchCommand(
        keys,
        { ...query, filter: undefined },
        { count: 10, epsilon: false, filterEf: 1000 },
      ),
    ).not.toContain('FILTER-EF');
  });

  test('VSIM scores ((1 + cos) / 2) become distances (1 − cos), nearest first', () => {
    expect(parseHits(['b', '0.5', 'a', '1', 'c', '0'])).toEqual([
      { id: 'a', distance: 0 },
      { id: 'b', distance: 1 },
      { id: 'c', distance: 2 },
    ]);
    expect(parseHits(['x', 0.75])).toEqual([{ id: 'x', distance: 0.5 }]);
    expect(parseHits([])).toEqual([]);
  });

  test('VINFO tells dimension, quantization and M', () => {
    expect(
      parseVectorSetInfo(['quant-type', 'int8', 'hnsw-m', 16, 'vector-dim', 384, 'size', 3]),
    ).toEqual({
      dimension: 384,
      m: 16,
      quantization: 'int8',
    });
    expect(parseVectorSetInfo(null)).toBeUndefined();
  });
});
