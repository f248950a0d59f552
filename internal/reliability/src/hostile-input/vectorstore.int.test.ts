import type { Document } from '@langchain/core/documents';
import type { VectorEngine } from '@x/redis-core';
import { InvalidArgumentError, InvalidKeyError, RedisVectorStore, tag } from '@x/vectorstore';
import fc from 'fast-check';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordFigures } from '../figures.js';
import { HashEmbeddings } from '../hash-embeddings.js';
import { describeSpawned } from '../spawned-redis.js';
import { hostileString, NOT_FINITE, oneMegabyteString, PROPERTY_RUNS, SEED } from './corpus.js';
import { GuardedServer, INPUT_ERROR, Tally } from './guarded-server.js';

const VALID_NAME = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$/;
const NAME = 'docs';
const SCHEMA = [
  { name: 'genre', type: 'tag' as const },
  { name: 'year', type: 'numeric' as const },
];

/** Metadata a user may write: hostile keys and values, the declared fields among them. */
const metadata = fc.record({
  genre: fc.oneof(hostileString(), fc.array(hostileString(), { maxLength: 3 })),
  // -0 has a test of its own (below).
  year: fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
    .map((year) => (year === 0 ? 0 : year)),
  extra: fc.dictionary(
    hostileString(),
    fc.oneof(
      hostileString(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(hostileString(), { maxLength: 2 }),
    ),
    { maxKeys: 3 },
  ),
});

/** Only the strings of `strings` that are valid UTF-16. */
const wellFormed = (strings: fc.Arbitrary<string>) => strings.filter((text) => text.isWellFormed());

/** The tag values a metadata value holds, as the README defines matching. */
function tagsOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Keys inside the prefix that are not the index's: a longer name, keys of other shapes. */
const NEIGHBOURS: Record<VectorEngine, string[]> = {
  'vector-set': [`${NAME}:{${NAME}}:doc`, `${NAME}:{${NAME}}:docx:1`],
  'query-engine': [`${NAME}:doc`, `${NAME}:docx:1`],
};

for (const engine of ['vector-set', 'query-engine'] as const) {
  describeSpawned(
    `vectorstore (${engine}) with hostile input`,
    () => {
      let guarded: GuardedServer;
      let client: ReturnType<typeof createClient>;
      let store: RedisVectorStore;
      const embeddings = new HashEmbeddings();
      const tally = new Tally();

      /** Runs `call`, expecting either success or a typed input error. */
      async function attempt(call: () => Promise<unknown>): Promise<boolean> {
        try {
          await call();
          tally.ok();
          return true;
        } catch (error) {
          tally.refused(error, [INPUT_ERROR]);
          return false;
        }
      }

      beforeAll(async () => {
        guarded = await GuardedServer.start(
          NAME,
          engine === 'query-engine' ? [NAME, `${NAME}:sub`] : [],
        );
        // Inside the prefix but another index's: a longer name, and keys of other shapes.
        const neighbour = new RedisVectorStore(embeddings, {
          client: guarded.admin,
          indexName: `${NAME}:sub`,
          engine,
        });
        await neighbour.addDocuments([{ pageContent: 'neighbour', metadata: {} }], { ids: ['*'] });
        for (const key of NEIGHBOURS[engine]) await guarded.admin.set(key, 'neighbour');
        await guarded.seal();
        client = createClient({ url: guarded.url });
        client.on('error', () => {});
        await client.connect();
        store = new RedisVectorStore(embeddings, {
          client,
          indexName: NAME,
          engine,
          metadataSchema: SCHEMA,
        });
      });

      afterAll(async () => {
        await client?.close();
        await guarded?.stop();
      });

      it('any ids, contents, metadata and tag filter values: documents come back exactly and filters select exactly, or a typed error', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(
              // Contents with lone surrogates have a test of their own (below).
              fc.record({ id: hostileString(), content: wellFormed(hostileString(80)), metadata }),
              {
                minLength: 1,
                maxLength: 4,
                selector: (document) => document.id,
              },
            ),
            hostileString(),
            async (documents, probe) => {
              await store.delete({ deleteAll: true });
              const ids = documents.map((document) => document.id);
              const written = await attempt(() =>
                store.addDocuments(
                  documents.map((document) => ({
                    pageContent: document.content,
                    metadata: document.metadata,
                  })),
                  { ids },
                ),
              );
              const refusable =
                ids.some((id) => id === '' || !id.isWellFormed()) ||
                documents.some((document) =>
                  tagsOf(document.metadata.genre).some((value) => !value.isWellFormed()),
                );
              if (!written) {
                expect(refusable).toBe(true);
                expect((await store.info()).documents).toBe(0);
                return;
              }
              expect(refusable).toBe(false);
              const read = await store.getByIds(ids);
              expect(
                read.map((document) => [document.id, document.pageContent, document.metadata]),
              ).toEqual(
                documents.map((document) => [document.id, document.content, document.metadata]),
              );
              const [nearest] = await store.similaritySearch(documents[0]?.content ?? '', 1);
              expect(nearest?.pageContent).toBe(documents[0]?.content);
              tally.ok();
              tally.ok();
              for (const value of [tagsOf(documents[0]?.metadata.genre)[0] ?? '', probe]) {
                let found: Document[] = [];
                if (
                  !(await attempt(async () => {
                    found = await store.similaritySearch('q', 10, tag('genre').eq(value));
                  }))
                ) {
                  expect(value.isWellFormed()).toBe(false);
                  continue;
                }
                const expected = documents.filter((document) =>
                  tagsOf(document.metadata.genre).includes(value),
                );
                expect(found.map((document) => document.id).sort()).toEqual(
                  expected.map((document) => document.id).sort(),
                );
              }
              await store.delete({ ids: [ids[0] as string] });
              expect(await store.getByIds([ids[0] as string])).toEqual([]);
              tally.ok();
            },
          ),
          { ...PROPERTY_RUNS, numRuns: 40 },
        );
      });

      // Content with a lone surrogate once came back silently changed (UTF-8 has no form for it);
      // the vector store now refuses it with a typed error.
      it('page content with a lone surrogate comes back exactly, or is refused with a typed error', async () => {
        for (const content of ['a\uD800b', '\uDFFF', 'x\uDBFF']) {
          try {
            await store.addDocuments([{ pageContent: content, metadata: {} }], { ids: ['lone'] });
          } catch (error) {
            tally.refused(error, [INPUT_ERROR]);
            continue;
          }
          const [read] = await store.getByIds(['lone']);
          expect(read?.pageContent).toBe(content);
        }
      });

      // -0 once came back as 0 (JSON writes it so); the store now refuses it, as it refuses NaN.
      it('metadata holding -0 comes back as -0, or is refused with a typed error', async () => {
        try {
          await store.addDocuments(
            [{ pageContent: 'minus zero', metadata: { year: -0, n: [-0] } }],
            {
              ids: ['minus zero'],
            },
          );
        } catch (error) {
          tally.refused(error, [INPUT_ERROR]);
          return;
        }
        const [read] = await store.getByIds(['minus zero']);
        expect(read?.metadata).toEqual({ year: -0, n: [-0] });
      });

      it('vectors with NaN or infinities, of the wrong dimension, or empty; non-finite filters; bad k: typed errors, nothing written', async () => {
        await store.delete({ deleteAll: true });
        await store.addDocuments([{ pageContent: 'kept', metadata: { genre: 'a', year: 1 } }], {
          ids: ['kept'],
        });
        const good = embeddings.embed('x');
        const bad = [
          ...NOT_FINITE.map((value) => good.map((item, index) => (index === 3 ? value : item))),
          good.slice(1),
          [...good, 0.1],
          [],
          good.map(() => 0),
        ];
        for (const vector of bad) {
          expect(
            await attempt(() => store.addVectors([vector], [{ pageContent: 'bad', metadata: {} }])),
          ).toBe(false);
          expect(await attempt(() => store.similaritySearchVectorWithScore(vector, 1))).toBe(false);
        }
        for (const year of NOT_FINITE) {
          expect(
            await attempt(() => store.similaritySearch('x', 1, { year: { $gte: year } })),
          ).toBe(false);
          expect(
            await attempt(() => store.addDocuments([{ pageContent: 'bad', metadata: { year } }])),
          ).toBe(false);
        }
        for (const k of [0, -1, 1.5, Number.NaN, 10_001]) {
          expect(await attempt(() => store.similaritySearch('x', k))).toBe(false);
        }
        for (const value of [1n, new Date(0), new Map(), () => 1]) {
          expect(
            await attempt(() => store.addDocuments([{ pageContent: 'bad', metadata: { value } }])),
          ).toBe(false);
        }
        expect(await attempt(() => store.similaritySearch('x', 1, { undeclared: 'x' }))).toBe(
          false,
        );
        expect((await store.info()).documents).toBe(1);
      });

      it('1 MB contents and metadata round-trip; any index name is accepted exactly when valid', async () => {
        const content = oneMegabyteString('content');
        const meta = { genre: 'sf', year: 2000, note: oneMegabyteString('note') };
        await store.addDocuments([{ pageContent: content, metadata: meta }], { ids: ['large'] });
        const [large] = await store.getByIds(['large']);
        expect([large?.pageContent, large?.metadata]).toEqual([content, meta]);
        tally.ok();
        fc.assert(
          fc.property(hostileString(), (indexName) => {
            const valid = VALID_NAME.test(indexName) && indexName.length <= 128;
            try {
              new RedisVectorStore(embeddings, { client, indexName, engine });
              expect(valid).toBe(true);
              tally.ok();
            } catch (error) {
              tally.refused(error, [InvalidKeyError, InvalidArgumentError]);
              expect(valid).toBe(false);
            }
          }),
          { ...PROPERTY_RUNS, numRuns: 200 },
        );
      });

      it('touched nothing outside its index: neighbours unchanged, ACL LOG empty, no KEYS or FLUSH', async () => {
        await store.delete({ deleteAll: true });
        const trespasses = await guarded.trespasses();
        const touched =
          trespasses.neighbours.changed.length +
          trespasses.neighbours.removed.length +
          trespasses.outside.length;
        recordFigures('hostile input', `vectorstore (${engine})`, {
          ...tally.figures(),
          lost: touched,
          detail: `ids, contents, metadata keys and values, tag filter values and index names from the hostile corpus (fast-check seed ${SEED}), NaN/Infinity/wrong-dimension/empty/zero vectors, non-finite filters, bad k, values JSON cannot hold, 1 MB contents and metadata; neighbour keys and a longer name's index untouched (${touched} changed); ACL LOG of the prefix-only user: ${trespasses.refusals.length} refusals; KEYS/FLUSH*: ${trespasses.forbidden.length}`,
        });
        expect(trespasses).toEqual({
          neighbours: { added: [], changed: [], removed: [] },
          outside: [],
          refusals: [],
          forbidden: [],
        });
      });
    },
    engine,
  );
}
