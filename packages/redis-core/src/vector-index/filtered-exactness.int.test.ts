import { describeWith, redisTest } from '@x/test-utils';
import fc from 'fast-check';
import { expect } from 'vitest';
import { connectionOf, ENGINES, randomVectors } from '../../test/vector-index-helpers.js';
import { num, tag } from '../filter/index.js';
import { createVectorIndex } from './create-vector-index.js';
import { cosineDistance } from './distance.js';
import type { VectorIndex } from './vector-index.js';

/** Documents in the index: a filter selects from all of them down to one. */
const COUNT = 20_000;
const DIMENSION = 8;
/** The documents tagged `kind: rare`, spread evenly. */
const RARE = 10;

const vectors = randomVectors(COUNT, DIMENSION, 7);
/** A shuffled rank per document: `rank < m` selects exactly m of them, scattered. */
const ranks = shuffledRanks(COUNT);

function shuffledRanks(count: number): number[] {
  const order = Array.from({ length: count }, (_, position) => position);
  let state = 12345;
  for (let position = count - 1; position > 0; position--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const other = state % (position + 1);
    [order[position], order[other]] = [order[other] as number, order[position] as number];
  }
  return order;
}

/** The distances of the k nearest documents that `selected` keeps: what an exact scan returns. */
function exactTopK(query: readonly number[], k: number, selected: (position: number) => boolean) {
  const distances: number[] = [];
  vectors.forEach((vector, position) => {
    if (selected(position)) distances.push(cosineDistance(query, vector));
  });
  return distances.sort((a, b) => a - b).slice(0, k);
}

async function fill(index: VectorIndex): Promise<void> {
  for (let start = 0; start < COUNT; start += 1000) {
    await index.upsert(
      vectors.slice(start, start + 1000).map((vector, offset) => {
        const position = start + offset;
        return {
          id: `d${position}`,
          vector,
          content: '',
          metadata: {
            rank: ranks[position],
            kind: position % (COUNT / RARE) === 0 ? 'rare' : 'common',
          },
        };
      }),
    );
  }
}

for (const engine of ENGINES) {
  describeWith(engine, `filtered search on ${engine} returns every match it should`, () => {
    redisTest(
      `${RARE} rare documents among ${COUNT.toLocaleString('en-US')}: a filtered top ${RARE} finds them all; at any selectivity from 1/2 to 1/${COUNT.toLocaleString('en-US')}, min(k, matches) results, exact where fewer than efRuntime match, recall ≥ 0.95 above`,
      async ({ redis }) => {
        const index = createVectorIndex(connectionOf(redis.client), {
          name: redis.prefix,
          engine,
          schema: {
            dimension: DIMENSION,
            fields: [
              { name: 'rank', type: 'numeric' },
              { name: 'kind', type: 'tag' },
            ],
          },
        });
        try {
          await fill(index);
          const query = vectors[1] as number[];
          const rare = await index.query({
            vector: query,
            k: RARE,
            filter: tag('kind').eq('rare'),
          });
          expect(rare.map((result) => result.id).sort()).toEqual(
            Array.from({ length: RARE }, (_, at) => `d${at * (COUNT / RARE)}`).sort(),
          );

          // Below efRuntime matches the graph cannot gather enough and the query scans: exact.
          // Above, the graph serves it, as good as an unfiltered HNSW search: measured as recall.
          const graphServes = 100;
          let graphFound = 0;
          let graphWanted = 0;
          await fc.assert(
            fc.asyncProperty(
              // How many documents the filter keeps, on a log scale: 1 to half of them.
              fc.double({ min: 0, max: Math.log(COUNT / 2), noNaN: true }),
              fc.integer({ min: 1, max: 20 }),
              fc.integer({ min: 0, max: COUNT - 1 }),
              async (logKept, k, queryAt) => {
                const kept = Math.max(1, Math.round(Math.exp(logKept)));
                const vector = randomVectors(1, DIMENSION, queryAt + 1)[0] as number[];
                const results = await index.query({
                  vector,
                  k,
                  filter: num('rank').lt(kept),
                  returnVectors: true,
                });
                for (const result of results)
                  expect(Number(result.metadata.rank)).toBeLessThan(kept);
                const expected = exactTopK(vector, k, (position) => (ranks[position] ?? 0) < kept);
                expect(results.length).toBe(expected.length);
                // Ties aside: compare the distances of what came back with the exact top k's.
                const found = results.map((result) => cosineDistance(vector, result.vector ?? []));
                if (kept < graphServes) {
                  for (const [position, distance] of found.entries()) {
                    expect(distance).toBeCloseTo(expected[position] ?? Number.NaN, 5);
                  }
                } else {
                  const worst = (expected[expected.length - 1] ?? 0) + 1e-6;
                  graphWanted += expected.length;
                  graphFound += found.filter((distance) => distance <= worst).length;
                }
              },
            ),
            { numRuns: 80, seed: 20261207 },
          );
          expect(graphWanted).toBeGreaterThan(0);
          expect(graphFound / graphWanted).toBeGreaterThanOrEqual(0.95);
        } finally {
          await index.drop({ deleteDocuments: true });
        }
      },
      180_000,
    );
  });
}
