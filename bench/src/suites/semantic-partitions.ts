import type { VectorEngine } from '@x/redis-core';
import { RedisSemanticCache } from '@x/semantic-cache';
import { type BenchContext, inFlight, interleavedLatencies, quantile } from '../harness.js';
import {
  ANSWER,
  CONCURRENCY,
  cachedPrompt,
  LLM_STRING,
  paraphrase,
  SyntheticEmbeddings,
} from './semantic-data.js';
import { type Client, rawLookup, rawTarget, rawVectorSetSearch } from './semantic-raw.js';

/** Entries per scope in the partition measurement: a tenant's share of a cache of 100k. */
const PER_SCOPE = 100;
/** The partition targets of the vector-set issue. */
const PARTITION_TARGETS = { p50Ms: 1, vsRaw: 1.15, manyVsOne: 1.1 };

/**
 * A lookup in a cache of one scope against one in a cache of 1,000 scopes of the same size
 * each (100k entries), measured in turns: on vector sets each scope is a partition of its own,
 * so the two should cost the same, close to the raw VSIM of one partition.
 */
export async function partitionMeasurements(
  client: Client,
  engine: VectorEngine,
  prefix: string,
  quick: boolean,
  record: BenchContext['record'],
): Promise<void> {
  const perScope = quick ? 20 : PER_SCOPE;
  const many = quick ? 50 : 1_000;
  const samples = quick ? 100 : 500;
  const table = 'partitions';
  const caches = [];
  try {
    for (const scopes of [1, many]) {
      const name = `${prefix}:partitions:${engine}:${scopes}`;
      const common = { client, name, engine, embeddingsCache: false, timeoutMs: 60_000 } as const;
      const writer = new RedisSemanticCache({
        ...common,
        embeddings: new SyntheticEmbeddings(false),
        verifiers: [],
      });
      caches.push({ name, scopes, writer });
      await inFlight(scopes * perScope, CONCURRENCY, (index) =>
        writer
          .withScope({ tenant: Math.floor(index / perScope) })
          .update(cachedPrompt(index), LLM_STRING, [{ text: ANSWER }]),
      );
    }
    const nudged = new SyntheticEmbeddings(true);
    // Lookup n asks a tenant spread over all of them for one of its entries, paraphrased.
    const lookups = caches.map(({ name, scopes }) => {
      const reader = new RedisSemanticCache({
        client,
        name,
        engine,
        embeddingsCache: false,
        timeoutMs: 60_000,
        embeddings: nudged,
      });
      const tenantOf = (index: number) => (index * 7919) % scopes;
      return (index: number) =>
        reader
          .withScope({ tenant: tenantOf(index) })
          .lookup(paraphrase(tenantOf(index) * perScope + (index % perScope)), LLM_STRING);
    });
    for (const [at, lookup] of lookups.entries()) {
      if ((await lookup(1)) === null) throw new Error('expected a hit');
      // A live application's partitions are open: open each before timing.
      await inFlight(caches[at]?.scopes ?? 0, 16, lookup);
    }
    // The raw side searches one partition of the many-scope cache, with its tenant's paraphrases.
    const target = await rawTarget(client, engine, `${prefix}:partitions:${engine}:${many}`);
    const tenant = Number(target.scope.tenant ?? 0);
    const vectors = await Promise.all(
      Array.from({ length: samples }, (_, index) =>
        nudged.embedQuery(paraphrase(tenant * perScope + (index % perScope))),
      ),
    );
    const vectorOf = (index: number) => vectors[index % samples] as number[];
    const tasks: ((index: number) => Promise<unknown>)[] = [
      ...lookups,
      (index) => rawLookup(client, engine, target.name, target.filter, vectorOf(index)),
    ];
    if (engine === 'vector-set') {
      tasks.push((index) =>
        client.sendCommand(rawVectorSetSearch(target.name, undefined, vectorOf(index))),
      );
    }
    const [one, several, handWritten, searchAlone] = (
      await interleavedLatencies(samples, tasks)
    ).map((durations) => quantile(durations, 0.5));
    const scopeOf = (scopes: number) =>
      `${engine}, ${scopes.toLocaleString('en-US')} scope${scopes > 1 ? 's' : ''} × ${perScope} entries`;
    const targeted = !quick && engine === 'vector-set';
    const limit = `a lookup reads its hit's entry too, a second round trip, and verifies it: the raw search + read takes ${(handWritten ?? 0).toFixed(3)} ms p50, the raw search alone ${(searchAlone ?? handWritten ?? 0).toFixed(3)} ms`;
    record({
      name: 'lookup hit p50',
      scope: scopeOf(1),
      value: one ?? Number.NaN,
      unit: 'ms',
      table,
    });
    record({
      name: 'lookup hit p50',
      scope: scopeOf(many),
      value: several ?? Number.NaN,
      unit: 'ms',
      table,
      ...(targeted
        ? {
            target: {
              max: PARTITION_TARGETS.p50Ms,
              label: `semantic lookup p50 ≤ ${PARTITION_TARGETS.p50Ms} ms with ${many.toLocaleString('en-US')} scopes (${engine})`,
              limit,
            },
          }
        : {}),
    });
    record({
      name: 'raw search + read p50',
      scope: scopeOf(many),
      value: handWritten ?? Number.NaN,
      unit: 'ms',
      table,
    });
    if (searchAlone !== undefined) {
      const searchName = 'raw VSIM of one partition';
      record({
        name: `${searchName} p50`,
        scope: scopeOf(many),
        value: searchAlone,
        unit: 'ms',
        table,
      });
      record({
        name: `lookup ÷ ${searchName}`,
        scope: scopeOf(many),
        value: (several ?? Number.NaN) / searchAlone,
        unit: 'ratio',
        table,
        ...(targeted
          ? {
              target: {
                max: PARTITION_TARGETS.vsRaw,
                label: `semantic lookup ≤ ${PARTITION_TARGETS.vsRaw}× the raw VSIM of its partition (${engine})`,
                limit,
              },
            }
          : {}),
      });
    }
    record({
      name: `lookup p50, ${many.toLocaleString('en-US')} scopes ÷ 1 scope`,
      scope: `${engine}, ${perScope} entries per scope`,
      value: (several ?? Number.NaN) / (one ?? Number.NaN),
      unit: 'ratio',
      table,
      ...(targeted
        ? {
            target: {
              min: 1 / PARTITION_TARGETS.manyVsOne,
              max: PARTITION_TARGETS.manyVsOne,
              label: `a scope's lookup with ${many.toLocaleString('en-US')} scopes within 10% of one scope alone (${engine})`,
            },
          }
        : {}),
    });
  } finally {
    for (const { writer } of caches) await writer.drop();
  }
}
