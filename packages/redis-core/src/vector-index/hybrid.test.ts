import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import {
  fuseRankings,
  planHybridQuery,
  type TextCandidate,
  type VectorCandidate,
} from './hybrid.js';

const stored = (id: string) => ({ id, content: id, metadata: {} });
const near = (id: string, distance: number): VectorCandidate => ({ ...stored(id), distance });
const matched = (id: string, textScore: number, distance: number): TextCandidate => ({
  ...stored(id),
  textScore,
  distance,
});

describe('planHybridQuery', () => {
  test('searches the distinct words of the text, lowercased, common English words left out', () => {
    const plan = planHybridQuery({
      text: 'What does ERR-4021 mean when the Disk is full? disk',
      k: 3,
    });
    expect(plan.terms).toEqual(['err', '4021', 'mean', 'disk', 'full']);
    expect(plan).toMatchObject({
      k: 3,
      candidates: 20,
      fusion: { method: 'rrf', rankConstant: 60, vectorWeight: 0.5 },
    });
  });

  test('takes its own stop words, none at all, and more candidates than k', () => {
    expect(planHybridQuery({ text: 'the cat', k: 1, stopwords: [] }).terms).toEqual(['the', 'cat']);
    expect(planHybridQuery({ text: 'The cat', k: 1, stopwords: ['CAT'] }).terms).toEqual(['the']);
    expect(planHybridQuery({ text: 'x', k: 30 }).candidates).toBe(30);
    expect(planHybridQuery({ text: 'x', k: 3, candidates: 7 }).candidates).toBe(7);
  });

  test('a run of underscores alone is no word (the Query Engine refuses a lone "_")', () => {
    expect(planHybridQuery({ text: '_ __ a_b _x', k: 1 }).terms).toEqual(['a_b', '_x']);
  });

  test('any text becomes words of letters, digits and _ only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        for (const term of planHybridQuery({ text, k: 1, stopwords: [] }).terms) {
          expect(term).toMatch(/^[\p{L}\p{N}_]*[\p{L}\p{N}][\p{L}\p{N}_]*$/u);
        }
      }),
    );
  });

  test.each([
    [{ text: 'x', k: 0 }, /`k` must be an integer/],
    [{ text: 42, k: 1 }, /needs its `text`/],
    [{ text: '\ud800', k: 1 }, /well-formed/],
    [{ text: 'x', k: 5, candidates: 4 }, /`candidates` \(4\) must be at least `k` \(5\)/],
    [{ text: 'x', k: 1, stopwords: 'the' }, /`stopwords` must be an array/],
    [{ text: 'x', k: 1, fusion: { method: 'max' } }, /"rrf" or "linear", got "max"/],
    [{ text: 'x', k: 1, fusion: { method: 'linear', vectorWeight: 1.5 } }, /from 0 to 1/],
    [{ text: 'x', k: 1, fusion: { method: 'rrf', rankConstant: -1 } }, /at least 0/],
  ])('refuses %j', (query, message) => {
    expect(() => planHybridQuery(query as never)).toThrow(InvalidArgumentError);
    expect(() => planHybridQuery(query as never)).toThrow(message);
  });
});

describe('fuseRankings', () => {
  const vector = [near('a', 0.1), near('b', 0.2), near('c', 0.3)];
  const text = [matched('c', 9, 0.3), matched('d', 5, 0.8), matched('a', 1, 0.1)];

  test('reciprocal rank fusion: 1 / (60 + rank) summed over the rankings a document is in', () => {
    const results = fuseRankings(vector, text, {
      k: 4,
      fusion: { method: 'rrf', rankConstant: 60, vectorWeight: 0.5 },
    });
    const expected = {
      a: 1 / 61 + 1 / 63,
      c: 1 / 63 + 1 / 61,
      b: 1 / 62,
      d: 1 / 62,
    };
    // a and c tie: the nearer (a) first; b and d tie: the nearer (b) first.
    expect(results.map((result) => result.id)).toEqual(['a', 'c', 'b', 'd']);
    for (const result of results) {
      expect(result.score).toBeCloseTo(expected[result.id as keyof typeof expected], 12);
    }
    expect(results[1]).toMatchObject({ id: 'c', textScore: 9, textRank: 1, vectorRank: 3 });
    expect(results[3]).toMatchObject({
      id: 'd',
      distance: 0.8,
      textRank: 2,
      vectorRank: undefined,
    });
    expect(results[2]).toMatchObject({ id: 'b', textScore: undefined, textRank: undefined });
  });

  test('weighted RRF: each term times twice its share', () => {
    const results = fuseRankings(vector, text, {
      k: 2,
      fusion: { method: 'rrf', rankConstant: 60, vectorWeight: 0.25 },
    });
    expect(results.map((result) => result.id)).toEqual(['c', 'a']);
    expect(results[0]?.score).toBeCloseTo(0.5 / 63 + 1.5 / 61, 12);
  });

  test('linear: min-max scaled closeness and text score, weighted', () => {
    const results = fuseRankings(vector, text, {
      k: 2,
      fusion: { method: 'linear', vectorWeight: 0.5 },
    });
    // closeness: a 1, b 0.5, c 0; text: c 1, d 0.5, a 0.
    expect(results.map((result) => [result.id, result.score])).toEqual([
      ['a', 0.5],
      ['c', 0.5],
    ]);
    const textOnly = fuseRankings(vector, text, {
      k: 4,
      fusion: { method: 'linear', vectorWeight: 0 },
    });
    expect(textOnly.map((result) => result.id)).toEqual(['c', 'd', 'a', 'b']);
  });

  test('with no text ranking (no words left), the vector ranking as it is', () => {
    const results = fuseRankings(vector, [], {
      k: 3,
      fusion: { method: 'rrf', rankConstant: 60, vectorWeight: 0.5 },
    });
    expect(results.map((result) => result.id)).toEqual(['a', 'b', 'c']);
  });
});
