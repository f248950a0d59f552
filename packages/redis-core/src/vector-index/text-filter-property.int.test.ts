import { describeWith, redisTest } from '@x/test-utils';
import fc from 'fast-check';
import {
  connectionOf,
  expectQueriesToMatchEvaluator,
  seededRandom,
} from '../../test/vector-index-helpers.js';
import { and, type Filter, not, or, text } from '../filter/index.js';
import { createVectorIndex } from './create-vector-index.js';

// Words that share starts and spellings, with case, accents, digits, `_` and punctuation that
// the query syntax reads (a text condition keeps only letters, digits and `_`).
const WORDS = [
  'redis',
  'Redis',
  'red',
  'reddish',
  'cache',
  'caches',
  'café',
  'Über',
  'über',
  'snake_case',
  'snake',
  '4021',
  'err-4021',
  'a',
  'the',
  'quick',
  'brown',
  '"quoted"',
  '@title:{x}',
  '(paren)',
  'x|y',
  '-minus',
  '*star',
];

const title = fc.oneof(
  fc.constant(undefined),
  fc
    .array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 6 })
    .map((words) => words.join(' ')),
);

const phraseWords = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 })
  .map((words) => words.join(' '));

const leaf: fc.Arbitrary<Filter> = fc.oneof(
  phraseWords
    .filter((words) => /[\p{L}\p{N}]/u.test(words))
    .map((words) => text('title').match(words)),
  phraseWords
    .filter((words) => /[\p{L}\p{N}]/u.test(words))
    .map((words) => text('title').phrase(words)),
  fc
    .constantFrom('re', 'red', 'ca', 'caf', 'üb', 'Üb', 'sn', 'snake_', '40', 'qu', 'br')
    .map((start) => text('title').prefix(start)),
);

const filter: fc.Arbitrary<Filter> = fc.letrec<{ node: Filter }>((self) => ({
  node: fc.oneof(
    { maxDepth: 2, depthSize: 'small' },
    leaf,
    fc.array(self('node'), { minLength: 1, maxLength: 3 }).map((items) => and(...items)),
    fc.array(self('node'), { minLength: 1, maxLength: 3 }).map((items) => or(...items)),
    self('node').map((item) => not(item)),
  ),
})).node;

describeWith(
  'query-engine',
  'text filters on query-engine select what the in-memory evaluator selects',
  () => {
    redisTest(
      'words, phrases and prefixes, over random titles',
      async ({ redis }) => {
        const index = createVectorIndex(connectionOf(redis.client), {
          name: redis.prefix,
          engine: 'query-engine',
          schema: { dimension: 4, fields: [{ name: 'title', type: 'text' }] },
        });
        const random = seededRandom(7);
        await fc.assert(
          fc.asyncProperty(
            fc.array(title, { minLength: 1, maxLength: 10 }),
            fc.array(filter, { minLength: 1, maxLength: 4 }),
            (titles, filters) =>
              expectQueriesToMatchEvaluator(
                index,
                titles.map((value) => (value === undefined ? {} : { title: value })),
                filters,
                { random },
              ),
          ),
          { numRuns: 120, seed: 20261207 },
        );
        await index.drop({ deleteDocuments: true });
      },
      60_000,
    );
  },
);
