import { describe, expect, test } from 'vitest';
import { keys, layout, query, schema } from '../../../test/query-engine-fixtures.js';
import { CorruptDataError } from '../../errors.js';
import { encodeVector } from '../../vector-encoding.js';
import type { PreparedDocument } from '../engine.js';
import { resolveSchema } from '../resolve-schema.js';
import { createCommand, searchCommand, writeCommands } from './query-engine-commands.js';
import { parseSearchReply, searchResults } from './query-engine-replies.js';

const blob = encodeVector([1, 0]);
const text = (args: unknown[]) => args.map((arg) => (Buffer.isBuffer(arg) ? '<blob>' : arg));

describe('query-engine commands', () => {
  test('FT.CREATE declares the vector and the fields over the document prefix', () => {
    expect(createCommand(keys, schema)).toEqual(
      'FT.CREATE idx ON HASH PREFIX 1 docs:doc: STOPWORDS 0 SCHEMA vector VECTOR HNSW 12 TYPE FLOAT32 DIM 2 DISTANCE_METRIC COSINE M 16 EF_CONSTRUCTION 200 EF_RUNTIME 100 content TEXT genre TAG SEPARATOR , INDEXMISSING year NUMERIC INDEXMISSING title TEXT NOSTEM INDEXMISSING'.split(
        ' ',
      ),
    );
    const flat = resolveSchema({
      dimension: 3,
      algorithm: 'FLAT',
      metric: 'L2',
      datatype: 'FLOAT16',
    });
    expect(createCommand(keys, schema, { indexMissing: false }).join(' ')).not.toContain(
      'INDEXMISSING',
    );
    expect(createCommand(keys, flat).slice(10)).toEqual(
      'vector VECTOR FLAT 6 TYPE FLOAT16 DIM 3 DISTANCE_METRIC L2 content TEXT'.split(' '),
    );
  });

  test('a write deletes, sets every field (tags encoded and joined), then expires, in order', () => {
    const document: PreparedDocument = {
      id: 'a b',
      vector: [1, 0],
      content: 'hello',
      metadataJson: '{"genre":["Sci-Fi","x"],"year":2020}',
      metadata: { genre: ['Sci-Fi', 'x'], year: 2020 },
      expiresAt: 1_700_000_000_000,
    };
    const commands = writeCommands(document, layout, schema).map(text);
    expect(commands).toEqual([
      ['DEL', 'docs:doc:a%20b'],
      [
        'HSET',
        'docs:doc:a%20b',
        'content',
        'hello',
        'metadata',
        '{"genre":["Sci-Fi","x"],"year":2020}',
        'vector',
        '<blob>',
        'genre',
        '_53ci_2d_46i,x',
        'year',
        '2020',
      ],
      ['PEXPIREAT', 'docs:doc:a%20b', '1700000000000'],
    ]);
  });

  test('a write stores vectors in the declared datatype', () => {
    const half = resolveSchema({ dimension: 2, datatype: 'FLOAT16' });
    const document = {
      id: 'a',
      vector: [1, 0],
      content: '',
      metadataJson: '{}',
      metadata: {},
      expiresAt: undefined,
    };
    const hset = writeCommands(document, layout, half)[1] ?? [];
    expect(hset[hset.indexOf('vector') + 1]).toEqual(encodeVector([1, 0], { datatype: 'FLOAT16' }));
    expect(writeCommands(document, layout, half)).toHaveLength(2);
  });

  test('KNN: filter in parentheses, EF_RUNTIME as a parameter, DIALECT 2, sorted, limited', () => {
    const command = searchCommand(keys, schema, { ...query, filter: '@genre:{x}' }, layout);
    expect(text(command)).toEqual([
      'FT.SEARCH',
      'idx',
      '(@genre:{x})=>[KNN 3 @vector $vector EF_RUNTIME $ef AS __distance]',
      'PARAMS',
      '4',
      'vector',
      '<blob>',
      'ef',
      '100',
      'RETURN',
      '3',
      'content',
      'metadata',
      '__distance',
      'SORTBY',
      '__distance',
      'ASC',
      'LIMIT',
      '0',
      '3',
      'DIALECT',
      '2',
    ]);
    expect(command[6]).toEqual(blob);
    expect(searchCommand(keys, schema, query, layout)[2]).toBe(
      '*=>[KNN 3 @vector $vector EF_RUNTIME $ef AS __distance]',
    );
  });

  test('a threshold is applied to a KNN, never sent as a range; FLAT has no EF_RUNTIME; vectors on request', () => {
    const ranged = searchCommand(
      keys,
      schema,
      {
        ...query,
        distanceThreshold: 0.25,
        filter: '@year:[2020 +inf]',
        returnVectors: true,
      },
      layout,
    );
    expect(text(ranged).slice(2, 13)).toEqual([
      '(@year:[2020 +inf])=>[KNN 3 @vector $vector EF_RUNTIME $ef AS __distance]',
      'PARAMS',
      '4',
      'vector',
      '<blob>',
      'ef',
      '100',
      'RETURN',
      '4',
      'content',
      'metadata',
    ]);
    expect(text(ranged).join(' ')).not.toContain('VECTOR_RANGE');
    expect(ranged).toContain('vector');
    const flat = resolveSchema({ dimension: 2, algorithm: 'FLAT' });
    expect(searchCommand(keys, flat, query, layout)[2]).toBe(
      '*=>[KNN 3 @vector $vector AS __distance]',
    );
  });
});

describe('FT.SEARCH replies', () => {
  const resp2 = [
    3,
    'docs:doc:b',
    ['content', 'B', 'metadata', '{"n":2}', '__distance', '0.5'],
    'docs:doc:a',
    ['content', 'A', 'metadata', '{"n":1}', '__distance', '0.1'],
    'docs:doc:gone',
    [],
  ];
  const expected = [
    { id: 'a', content: 'A', metadata: { n: 1 }, distance: 0.1 },
    { id: 'b', content: 'B', metadata: { n: 2 }, distance: 0.5 },
  ];

  test('RESP2: documents nearest first; an expired one (no fields) is skipped', () => {
    expect(searchResults(resp2, layout, query, schema)).toEqual(expected);
  });

  test('RESP3 as flat arrays, objects or Maps gives the same', () => {
    const result = (id: string, fields: unknown[]) => [
      'id',
      id,
      'extra_attributes',
      fields,
      'values',
      [],
    ];
    const flat = [
      'attributes',
      [],
      'warning',
      [],
      'total_results',
      3,
      'format',
      'STRING',
      'results',
      [
        result('docs:doc:b', ['content', 'B', 'metadata', '{"n":2}', '__distance', 0.5]),
        result('docs:doc:a', ['content', 'A', 'metadata', '{"n":1}', '__distance', '0.1']),
        result('docs:doc:gone', []),
      ],
    ];
    expect(searchResults(flat, layout, query, schema)).toEqual(expected);
    const objects = {
      total_results: 2,
      results: [
        {
          id: 'docs:doc:a',
          extra_attributes: { content: 'A', metadata: '{"n":1}', __distance: '0.1' },
        },
        {
          id: 'docs:doc:b',
          extra_attributes: new Map<string, unknown>([
            ['content', 'B'],
            ['metadata', '{"n":2}'],
            ['__distance', 0.5],
          ]),
        },
      ],
    };
    expect(searchResults(objects, layout, query, schema)).toEqual(expected);
    expect(parseSearchReply(flat).total).toBe(3);
  });

  test('thresholds, k, vectors and NOCONTENT replies', () => {
    expect(searchResults(resp2, layout, { ...query, distanceThreshold: 0.2 }, schema)).toHaveLength(
      1,
    );
    expect(searchResults(resp2, layout, { ...query, k: 1 }, schema)).toHaveLength(1);
    const withVector = [
      1,
      Buffer.from('docs:doc:a'),
      [
        Buffer.from('content'),
        Buffer.from('A'),
        Buffer.from('metadata'),
        Buffer.from('{}'),
        Buffer.from('__distance'),
        Buffer.from('0'),
        Buffer.from('vector'),
        blob,
      ],
    ];
    expect(searchResults(withVector, layout, { ...query, returnVectors: true }, schema)).toEqual([
      { id: 'a', content: 'A', metadata: {}, distance: 0, vector: [1, 0] },
    ]);
    expect(
      parseSearchReply([2, 'docs:doc:a', 'docs:doc:b'], { noContent: true }).rows.map(
        (row) => row.key,
      ),
    ).toEqual(['docs:doc:a', 'docs:doc:b']);
  });

  test('WITHSCORES replies carry each row’s score (RESP2 after the key, RESP3 in the entry)', () => {
    const rows = [
      { key: 'docs:doc:a', fields: { content: 'A' }, score: 2.5 },
      { key: 'docs:doc:b', fields: { content: 'B' }, score: 1 },
    ];
    const resp2 = [
      2,
      'docs:doc:a',
      '2.5',
      ['content', 'A'],
      Buffer.from('docs:doc:b'),
      1,
      ['content', 'B'],
    ];
    expect(parseSearchReply(resp2, { withScores: true }).rows).toEqual(rows);
    const resp3 = {
      total_results: 2,
      results: [
        { id: 'docs:doc:a', score: 2.5, extra_attributes: { content: 'A' } },
        { id: 'docs:doc:b', score: '1', extra_attributes: { content: 'B' } },
      ],
    };
    expect(parseSearchReply(resp3, { withScores: true }).rows).toEqual(rows);
    expect(parseSearchReply(resp3).rows.map((row) => row.score)).toEqual([undefined, undefined]);
  });

  test('metadata that is not a JSON object is reported as corrupt data', () => {
    const bad = [1, 'docs:doc:a', ['content', 'A', 'metadata', 'nope', '__distance', '0']];
    expect(() => searchResults(bad, layout, query, schema)).toThrow(CorruptDataError);
  });
});
