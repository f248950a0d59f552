import { Document } from '@langchain/core/documents';
import { describeWith, redisTest } from '@x/test-utils';
import fc from 'fast-check';
import { expect } from 'vitest';
import { ENGINES, testStore } from '../test/test-helpers.js';

/** Any well-formed Unicode string of 1 to 40 code points. */
const anyId = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 40 })
  .filter((id) => id.isWellFormed());

for (const engine of ENGINES) {
  describeWith(engine, `RedisVectorStore ids (${engine})`, () => {
    redisTest(
      'any ids round-trip, stay distinct, and delete only themselves',
      async ({ redis }) => {
        const store = testStore(redis, engine);
        // Ids that look alike to people or to Redis but are different strings.
        const lookalikes = ['é', 'e\u0301', 'E', 'e', 'a%20b', 'a b', 'x:*', 'x:?', '{x}', 'x'];
        await store.addDocuments(
          lookalikes.map((id) => new Document({ pageContent: `text of ${id}` })),
          { ids: lookalikes },
        );
        expect((await store.getByIds(lookalikes)).map((document) => document.pageContent)).toEqual(
          lookalikes.map((id) => `text of ${id}`),
        );
        await fc.assert(
          // Never one of the lookalikes: deleting it would take theirs (a single-letter id such
          // as 'e' is a likely draw, and once made this test flaky on the Query Engine run).
          fc.asyncProperty(
            fc.uniqueArray(
              anyId.filter((id) => !lookalikes.includes(id)),
              { minLength: 2, maxLength: 6 },
            ),
            async (ids) => {
              await store.addDocuments(
                ids.map((id) => new Document({ pageContent: `text of ${id}`, metadata: { id } })),
                { ids },
              );
              const found = await store.getByIds(ids);
              expect(found.map((document) => [document.id, document.metadata.id])).toEqual(
                ids.map((id) => [id, id]),
              );
              const [first, ...rest] = ids as [string, ...string[]];
              await store.delete({ ids: [first] });
              expect((await store.getByIds(ids)).map((document) => document.id)).toEqual(rest);
              await store.delete({ ids: rest });
            },
          ),
          { numRuns: 40 },
        );
        expect((await store.getByIds(lookalikes)).map((document) => document.id)).toEqual(
          lookalikes,
        );
        expect((await store.info()).documents).toBe(lookalikes.length);
      },
    );
  });
}
