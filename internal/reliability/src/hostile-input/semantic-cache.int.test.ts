import type { Generation } from '@langchain/core/outputs';
import {
  DimensionMismatchError,
  EmbeddingError,
  InvalidArgumentError,
  InvalidKeyError,
  RedisSemanticCache,
  type RedisStoreError,
  type ScopeValue,
} from '@x/semantic-cache';
import fc from 'fast-check';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordFigures } from '../figures.js';
import { HashEmbeddings } from '../hash-embeddings.js';
import { describeSpawned } from '../spawned-redis.js';
import { hostileString, NOT_FINITE, oneMegabyteString, PROPERTY_RUNS, SEED } from './corpus.js';
import { GuardedServer, Tally, TYPE_ERROR } from './guarded-server.js';

const VALID_NAME = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$/;
const NAME = 'answers';

/** A scope value of any kind a user may pass, valid or not. */
const scopeValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString() },
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(...NOT_FINITE, null, undefined, {}, ['a']),
);

/** Whether a scope is one the README accepts: keys non-empty text, values text, numbers, booleans. */
function isValidScope(scope: Record<string, unknown>): boolean {
  const entries = Object.entries(scope);
  return (
    entries.length <= 16 &&
    entries.every(
      ([key, value]) =>
        key.length > 0 &&
        key.isWellFormed() &&
        ((typeof value === 'string' && value.isWellFormed()) ||
          (typeof value === 'number' && Number.isFinite(value)) ||
          typeof value === 'boolean'),
    )
  );
}

for (const engine of ['vector-set', 'query-engine'] as const) {
  describeSpawned(
    `semantic-cache (${engine}) with hostile input`,
    () => {
      let guarded: GuardedServer;
      let client: ReturnType<typeof createClient>;
      let cache: RedisSemanticCache;
      const errors: RedisStoreError[] = [];
      const tally = new Tally();

      beforeAll(async () => {
        guarded = await GuardedServer.start(
          NAME,
          engine === 'query-engine' ? [NAME, `${NAME}:tenant`] : [],
        );
        const embeddings = new HashEmbeddings();
        // Inside the name but not this cache's: a longer name's cache, keys of other shapes.
        const neighbour = new RedisSemanticCache({
          client: guarded.admin,
          name: `${NAME}:tenant`,
          engine,
          embeddings,
        });
        await neighbour.update('*', '*', [{ text: 'neighbour' }]);
        await guarded.admin.set(`${NAME}:emb:notours`, 'neighbour');
        await guarded.admin.set(
          engine === 'vector-set' ? `${NAME}:{${NAME}}:doc` : `${NAME}:doc`,
          'neighbour',
        );
        await guarded.seal();
        client = createClient({ url: guarded.url });
        client.on('error', () => {});
        await client.connect();
        cache = new RedisSemanticCache({
          client,
          name: NAME,
          engine,
          embeddings,
          timeoutMs: 10_000,
          onError: (error) => errors.push(error),
        });
      });

      afterAll(async () => {
        await client?.close();
        await guarded?.stop();
      });

      it('any prompt, model settings and scope: a hit under exactly that scope and model, or a typed error', async () => {
        await fc.assert(
          fc.asyncProperty(
            hostileString(),
            hostileString(),
            fc.dictionary(hostileString(20), scopeValue, { maxKeys: 4 }),
            hostileString(60),
            async (prompt, llmString, scope, text) => {
              await cache.clear();
              let scoped: RedisSemanticCache;
              try {
                scoped = cache.withScope(scope as Record<string, ScopeValue>);
              } catch (error) {
                tally.refused(error, [InvalidArgumentError]);
                expect(isValidScope(scope)).toBe(false);
                return;
              }
              expect(isValidScope(scope)).toBe(true);
              const generations: Generation[] = [{ text, generationInfo: { [text]: [text] } }];
              await scoped.update(prompt, llmString, generations);
              expect(await scoped.lookup(prompt, llmString)).toEqual(generations);
              expect(await scoped.lookup(prompt, `${llmString}x`)).toBeNull();
              expect(
                await scoped.withScope({ 'another key': 'x' }).lookup(prompt, llmString),
              ).toBeNull();
              if (Object.keys(scope).length > 0)
                expect(await cache.lookup(prompt, llmString)).toBeNull();
              for (let call = 0; call < 6; call++) tally.ok();
              expect(errors).toEqual([]);
            },
          ),
          PROPERTY_RUNS,
        );
      });

      it('clear({ scope }) with any scope pairs removes exactly the entries holding them', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(
              hostileString(20).filter((value) => value.isWellFormed()),
              { minLength: 2, maxLength: 4 },
            ),
            async (tenants) => {
              await cache.clear();
              for (const tenant of tenants) {
                await cache
                  .withScope({ tenant, user: 'u' })
                  .update('Human: hi', 'm', [{ text: tenant }]);
              }
              const [gone = '', ...kept] = tenants;
              expect(await cache.clear({ scope: { tenant: gone } })).toBe(1);
              expect(
                await cache.withScope({ tenant: gone, user: 'u' }).lookup('Human: hi', 'm'),
              ).toBeNull();
              for (const tenant of kept) {
                expect(
                  await cache.withScope({ user: 'u', tenant }).lookup('Human: hi', 'm'),
                ).toEqual([{ text: tenant }]);
              }
              for (let call = 0; call < tenants.length * 2 + 1; call++) tally.ok();
            },
          ),
          { ...PROPERTY_RUNS, numRuns: 25 },
        );
        expect(errors).toEqual([]);
      });

      it('1 MB prompts and answers; embeddings with NaN, infinities or another dimension; wrong argument types; any name', async () => {
        const prompt = oneMegabyteString('prompt');
        const answer = [{ text: oneMegabyteString('answer') }];
        await cache.update(prompt, 'm', answer);
        expect(await cache.lookup(prompt, 'm')).toEqual(answer);
        tally.ok();
        tally.ok();
        for (const vector of [...NOT_FINITE.map((value) => [1, value, 0]), [], [1, 0, 0]]) {
          const broken = new RedisSemanticCache({
            client,
            name: NAME,
            engine,
            embeddings: { embedQuery: async () => vector, embedDocuments: async () => [vector] },
            embeddingsCache: false,
            onError: (error) => errors.push(error),
          });
          errors.length = 0;
          await broken.update('Human: broken', 'm', [{ text: 'x' }]);
          expect(await broken.lookup('Human: broken', 'm')).toBeNull();
          expect(errors).toHaveLength(2);
          for (const error of errors)
            tally.refused(error, [EmbeddingError, DimensionMismatchError]);
        }
        errors.length = 0;
        for (const [badPrompt, llmString] of [
          [null, 'm'],
          ['p', undefined],
          [42, 'm'],
        ]) {
          await expect(cache.lookup(badPrompt as string, llmString as string)).rejects.toSatisfy(
            (error) => {
              tally.refused(error, [TYPE_ERROR]);
              return true;
            },
          );
        }
        fc.assert(
          fc.property(hostileString(), (name) => {
            const valid = VALID_NAME.test(name) && name.length <= 128;
            try {
              new RedisSemanticCache({ client, name, embeddings: new HashEmbeddings() });
              expect(valid).toBe(true);
              tally.ok();
            } catch (error) {
              tally.refused(error, [InvalidKeyError]);
              expect(valid).toBe(false);
            }
          }),
          { ...PROPERTY_RUNS, numRuns: 200 },
        );
      });

      it('touched nothing outside its name: neighbours unchanged, ACL LOG empty, no KEYS or FLUSH', async () => {
        await cache.clear();
        const trespasses = await guarded.trespasses();
        const touched =
          trespasses.neighbours.changed.length +
          trespasses.neighbours.removed.length +
          trespasses.outside.length;
        recordFigures('hostile input', `semantic-cache (${engine})`, {
          ...tally.figures(),
          lost: touched,
          detail: `prompts, model settings, scope keys and values, clear scopes and names from the hostile corpus (fast-check seed ${SEED}), embeddings with NaN, infinities, no or another dimension, 1 MB prompts and answers; neighbour keys and a longer name's cache untouched (${touched} changed); ACL LOG of the prefix-only user: ${trespasses.refusals.length} refusals; KEYS/FLUSH*: ${trespasses.forbidden.length}`,
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
