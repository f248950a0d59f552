import { describe, expect, test } from 'vitest';
import { layout, schema } from '../../../test/query-engine-fixtures.js';
import { existingSchema, parseInfoReply } from './query-engine-replies.js';

describe('FT.INFO replies', () => {
  const vectorAttribute = [
    'identifier',
    'vector',
    'attribute',
    'vector',
    'type',
    'VECTOR',
    'algorithm',
    'HNSW',
    'data_type',
    'FLOAT32',
    'dim',
    2,
    'distance_metric',
    'COSINE',
    'M',
    16,
    'ef_construction',
    200,
  ];
  const resp2 = [
    'index_name',
    'idx',
    'index_options',
    [],
    'index_definition',
    ['key_type', 'HASH', 'prefixes', ['docs:doc:'], 'default_score', '1'],
    'attributes',
    [
      vectorAttribute,
      ['identifier', 'genre', 'attribute', 'genre', 'type', 'TAG', 'SEPARATOR', ','],
      ['identifier', 'year', 'attribute', 'year', 'type', 'NUMERIC'],
      ['identifier', 'title', 'attribute', 'title', 'type', 'TEXT', 'WEIGHT', '1', 'NOSTEM'],
    ],
    'num_docs',
    '42',
  ];

  test('RESP2: prefixes, count, and the schema compare equal to the one asked for', () => {
    const info = parseInfoReply(resp2);
    expect(info.prefixes).toEqual(['docs:doc:']);
    expect(info.documents).toBe(42);
    expect(info.attributes[3]?.flags.has('NOSTEM')).toBe(true);
    const existing = existingSchema(info, layout, schema.fields);
    expect(existing).toMatchObject({
      dimension: 2,
      metric: 'COSINE',
      algorithm: 'HNSW',
      datatype: 'FLOAT32',
      m: 16,
      efConstruction: 200,
      mismatches: [],
    });
    expect(existing.fields).toEqual([
      { name: 'genre', type: 'tag' },
      { name: 'year', type: 'numeric' },
      { name: 'title', type: 'text' },
    ]);
  });

  test('RESP3 (maps with a flags list) reads the same; a foreign prefix is a mismatch', () => {
    const resp3 = new Map<string, unknown>([
      ['index_name', 'idx'],
      [
        'index_definition',
        new Map<string, unknown>([
          ['key_type', 'HASH'],
          ['prefixes', ['other:']],
        ]),
      ],
      [
        'attributes',
        [
          Object.fromEntries(
            Array.from({ length: vectorAttribute.length / 2 }, (_, i) => [
              vectorAttribute[2 * i],
              vectorAttribute[2 * i + 1],
            ]),
          ),
          { identifier: 'title', attribute: 'title', type: 'TEXT', WEIGHT: '1', flags: ['NOSTEM'] },
        ],
      ],
      ['num_docs', 7],
    ]);
    const info = parseInfoReply(resp3);
    expect(info.documents).toBe(7);
    expect(info.attributes[1]?.flags.has('NOSTEM')).toBe(true);
    const existing = existingSchema(info, layout, schema.fields);
    expect(existing.dimension).toBe(2);
    expect(existing.mismatches).toEqual(['prefix: index has "other:", asked for "docs:doc:"']);
  });

  test('older servers that tell less about the vector leave those facts open', () => {
    const old = [...resp2];
    old[7] = [['identifier', 'vector', 'attribute', 'vector', 'type', 'VECTOR']];
    expect(existingSchema(parseInfoReply(old), layout, schema.fields)).toMatchObject({
      dimension: undefined,
      metric: undefined,
      fields: [],
      mismatches: [],
    });
  });
});
