import { createTestClient, describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { connectionOf, randomVectors } from '../../../test/vector-index-helpers.js';
import { tag } from '../../filter/index.js';
import { createVectorIndex } from '../create-vector-index.js';
import { cosineDistance } from '../distance.js';

/** Documents: every one is `all`; one in 100 is also `few`. */
const COUNT = 3_000;
const DIMENSION = 128;
const vectors = randomVectors(COUNT, DIMENSION, 11);

/** The KNN clauses of the FT.SEARCH commands sent to index `name`, as MONITOR shows them. */
async function watchSearches(url: string, name: string) {
  const seen: string[] = [];
  const monitor = createTestClient(url);
  await monitor.connect();
  await monitor.monitor((line: string) => {
    if (line.includes(`"FT.SEARCH" "${name}"`)) seen.push(line);
  });
  return { seen, stop: () => monitor.destroy() };
}

describeWith('query-engine', 'a filtered KNN on the Query Engine', () => {
  redisTest(
    'searches the graph in batches once the filter is known to match enough documents, and leaves narrow filters to the server',
    async ({ redis }) => {
      const name = redis.prefix;
      const index = createVectorIndex(connectionOf(redis.client), {
        name,
        engine: 'query-engine',
        schema: { dimension: DIMENSION, fields: [{ name: 'set', type: 'tag' }] },
      });
      await index.upsert(
        vectors.map((vector, position) => ({
          id: `d${position}`,
          vector,
          content: '',
          metadata: { set: position % 100 === 0 ? ['all', 'few'] : ['all'] },
        })),
      );
      const searches = await watchSearches(redis.url, name);
      try {
        const everyone = tag('set').eq('all');
        const few = tag('set').eq('few');
        const query = vectors[1234] as number[];
        // The first queries go as before, while the planner counts; then in batches.
        await expect
          .poll(async () => {
            const [nearest] = await index.query({ vector: query, k: 3, filter: everyone });
            expect(nearest?.id).toBe('d1234');
            return searches.seen.some((line) => line.includes('HYBRID_POLICY BATCHES'));
          })
          .toBe(true);
        expect(searches.seen.some((line) => /"@set:\{all\}" "LIMIT" "0" "0"/.test(line))).toBe(
          true,
        );

        // In batches the graph answers, as approximate as an unfiltered HNSW search: recall@10.
        const batched = searches.seen.length;
        const exactTop = (vector: number[]) =>
          vectors
            .map((stored, position) => ({ id: `d${position}`, d: cosineDistance(vector, stored) }))
            .sort((a, b) => a.d - b.d)
            .slice(0, 10)
            .map((hit) => hit.id);
        let found = 0;
        const probes = randomVectors(20, DIMENSION, 12);
        for (const probe of probes) {
          const results = await index.query({ vector: probe, k: 10, filter: everyone });
          const exact = exactTop(probe);
          found += results.filter((result) => exact.includes(result.id)).length;
        }
        expect(found / (probes.length * 10)).toBeGreaterThanOrEqual(0.95);
        await expect
          .poll(() =>
            searches.seen.slice(batched).filter((line) => line.includes('HYBRID_POLICY BATCHES')),
          )
          .toHaveLength(probes.length);

        // 30 documents of 3,000: the server's own choice (a brute force: exact).
        await expect
          .poll(async () => {
            await index.query({ vector: query, k: 5, filter: few });
            return searches.seen.some((line) => /"@set:\{few\}" "LIMIT" "0" "0"/.test(line));
          })
          .toBe(true);
        const fewQueries = () =>
          searches.seen.filter((line) => line.includes('@set:{few}') && line.includes('KNN'));
        const before = fewQueries().length;
        const results = await index.query({ vector: query, k: 5, filter: few });
        const exact = vectors
          .map((vector, position) => ({
            id: `d${position}`,
            distance: cosineDistance(query, vector),
          }))
          .filter((_, position) => position % 100 === 0)
          .sort((a, b) => a.distance - b.distance)
          .slice(0, 5);
        expect(results.map((result) => result.id)).toEqual(exact.map((hit) => hit.id));
        // This query, counted, went as every query of the narrow filter did: left to the server.
        await expect.poll(() => fewQueries().length).toBeGreaterThan(before);
        for (const line of fewQueries()) expect(line).not.toContain('HYBRID_POLICY');
      } finally {
        searches.stop();
        await index.drop({ deleteDocuments: true });
      }
    },
  );
});
