import { mkdirSync, writeFileSync } from 'node:fs';
import { detectCapabilities, RedisConnection, type VectorEngine } from '@x/redis-core';
import { prefersBatches, serverIgnoresShare } from '@x/redis-core/internal';
import { RedisSemanticCache } from '@x/semantic-cache';
import { REPOSITORY_ROOT } from '@x/test-utils/servers';
import { createClient } from 'redis';
import {
  type BenchCase,
  type BenchContext,
  type BenchGroup,
  type BenchSuite,
  inFlight,
  interleavedLatencies,
  quantile,
} from '../harness.js';
import {
  DEFAULT_THRESHOLD,
  measureSemanticCacheQuality,
  QUALITY_PARTS,
  qualityTable,
  RECOMMENDED_THRESHOLD,
} from '../quality/semantic-cache-quality.js';
import {
  ANSWER,
  CONCURRENCY,
  cachedPrompt,
  DIMENSION,
  LLM_STRING,
  paraphrase,
  SyntheticEmbeddings,
  unrelated,
} from './semantic-data.js';
import { partitionMeasurements } from './semantic-partitions.js';
import {
  type Client,
  rawLookup,
  rawTarget,
  rawVectorSetSearch,
  SEARCH_COUNT,
} from './semantic-raw.js';

/** The target: p50 of a lookup, embedding excluded, at 10k entries. */
const P50_TARGET_MS = 1;

async function engineGroups(
  client: Client,
  engine: VectorEngine,
  prefix: string,
  count: number,
  record: BenchContext['record'],
) {
  const name = `${prefix}:semantic:${engine}:${count}`;
  const common = { client, name, engine, embeddingsCache: false, timeoutMs: 60_000 } as const;
  const writer = new RedisSemanticCache({
    ...common,
    embeddings: new SyntheticEmbeddings(false),
    verifiers: [],
  });
  const nudged = new SyntheticEmbeddings(true);
  const reader = new RedisSemanticCache({ ...common, embeddings: nudged });
  const started = performance.now();
  await inFlight(count, CONCURRENCY, (index) =>
    writer.update(cachedPrompt(index), LLM_STRING, [{ text: ANSWER }]),
  );
  const fillSeconds = (performance.now() - started) / 1000;
  const target = await rawTarget(client, engine, name);
  const hitPrompt = (index: number) => paraphrase((index * 7919) % count);
  const missPrompt = unrelated;
  const samples = count >= 100_000 ? 300 : 500;
  // Warm up, and check that the hit case hits and the miss case misses.
  if ((await reader.lookup(hitPrompt(1), LLM_STRING)) === null) throw new Error('expected a hit');
  if ((await reader.lookup(missPrompt(1), LLM_STRING)) !== null) throw new Error('expected a miss');
  // What the server's search alone costs, and a hand-written client's whole lookup, measured
  // in turns with ours so that the machine's drift hits them all alike.
  const hitVectors = await Promise.all(
    Array.from({ length: samples }, (_, index) => nudged.embedQuery(hitPrompt(index))),
  );
  const vectorOfHit = (index: number) => hitVectors[index % samples] as number[];
  // Every entry is of one model and scope: the filter keeps them all, and the cache's planner
  // asks the Query Engine for batches (as the raw lookup then does) once it has counted them.
  const batches =
    engine === 'query-engine' &&
    prefersBatches(count, count) &&
    serverIgnoresShare({ indexSize: count, k: SEARCH_COUNT, dimension: DIMENSION, m: 16 });
  const raw = (index: number, planned = batches) =>
    rawLookup(client, engine, target.name, target.filter, vectorOfHit(index), planned);
  const tasks: ((index: number) => Promise<unknown>)[] = [
    (index) => reader.lookup(hitPrompt(index), LLM_STRING),
    (index) => reader.lookup(missPrompt(index), LLM_STRING),
    (index) => raw(index),
  ];
  if (engine === 'vector-set') {
    tasks.push((index) =>
      client.sendCommand(rawVectorSetSearch(target.name, undefined, vectorOfHit(index))),
    );
  } else if (batches) {
    // The same lookup with the search left to the server's choice (a brute force here).
    tasks.push((index) => raw(index, false));
  }
  const timed = await interleavedLatencies(samples, tasks);
  const summary = (durations: number[] = []) => ({
    p50: quantile(durations, 0.5),
    p99: quantile(durations, 0.99),
  });
  const hit = summary(timed[0]);
  const miss = summary(timed[1]);
  const handWritten = summary(timed[2]);
  const searchAlone = engine === 'vector-set' ? summary(timed[3]) : handWritten;
  const serverChoice = engine === 'query-engine' && batches ? summary(timed[3]) : undefined;
  const label = `${engine}, ${count.toLocaleString('en-US')} entries × ${DIMENSION}-dim`;
  const scope = `${engine}, ${count.toLocaleString('en-US')} entries`;
  record({
    name: 'fill (update, 64 in flight)',
    scope,
    value: count / fillSeconds,
    unit: 'docs/s',
  });
  const searchName = engine === 'vector-set' ? 'raw VSIM alone p50' : 'raw FT.SEARCH alone p50';
  const planned =
    serverChoice === undefined
      ? ''
      : ` (with HYBRID_POLICY BATCHES, as our planner asks; left to the server's choice, a brute force over the ${count.toLocaleString('en-US')} entries, the hand-written lookup takes ${serverChoice.p50.toFixed(3)} ms)`;
  const limit = `the server's search is the floor: the same ${engine === 'vector-set' ? 'VSIM' : 'FT.SEARCH'} sent raw takes ${searchAlone.p50.toFixed(3)} ms p50, and a hand-written search + read of the hit ${handWritten.p50.toFixed(3)} ms${planned}; ours adds ${(hit.p50 - handWritten.p50).toFixed(3)} ms to that (verifying the hit, parsing).`;
  record({
    name: 'lookup hit p50',
    scope,
    value: hit.p50,
    unit: 'ms',
    ...(count === 10_000
      ? {
          target: {
            max: P50_TARGET_MS,
            label: `semantic lookup without the embedding p50 ≤ ${P50_TARGET_MS} ms at 10k entries (${engine})`,
            limit,
          },
        }
      : {}),
  });
  record({ name: 'lookup hit p99', scope, value: hit.p99, unit: 'ms' });
  record({ name: 'lookup miss p50', scope, value: miss.p50, unit: 'ms' });
  record({ name: 'raw search + read of the hit p50', scope, value: handWritten.p50, unit: 'ms' });
  if (engine === 'vector-set')
    record({ name: searchName, scope, value: searchAlone.p50, unit: 'ms' });
  if (serverChoice !== undefined) {
    const name = "raw search + read, the server's choice of search, p50";
    record({ name, scope, value: serverChoice.p50, unit: 'ms' });
  }
  const rawName =
    engine === 'vector-set' ? 'raw: same search + HMGET' : 'raw: same FT.SEARCH, hit parsed';
  const cases = (
    concurrency: number,
    total: number,
    prompt: (index: number) => string,
  ): BenchCase[] => [
    {
      name: rawName,
      kind: 'raw',
      operations: total,
      run: () =>
        inFlight(total, concurrency, async (index) =>
          rawLookup(
            client,
            engine,
            target.name,
            target.filter,
            await nudged.embedQuery(prompt(index)),
            batches,
          ),
        ),
    },
    {
      name: 'ours: lookup',
      kind: 'ours',
      operations: total,
      run: () => inFlight(total, concurrency, (index) => reader.lookup(prompt(index), LLM_STRING)),
    },
  ];
  // At 100k entries a Query Engine lookup takes tens of ms (one big partition is searched by
  // brute force): fewer operations per repetition keep a whole run near an hour.
  const oneAtATime = count >= 100_000 ? 40 : 200;
  const inFlightTotal = count >= 100_000 ? 200 : 1_000;
  const groups: BenchGroup[] = [
    {
      name: `semantic cache (${label}): lookup hit, one at a time`,
      short: `semantic cache (${scope}): hit, one at a time`,
      baseline: rawName,
      cases: cases(1, oneAtATime, hitPrompt),
    },
    {
      name: `semantic cache (${label}): lookup miss, one at a time`,
      short: `semantic cache (${scope}): miss, one at a time`,
      baseline: rawName,
      cases: cases(1, oneAtATime, missPrompt),
    },
    {
      name: `semantic cache (${label}): lookup hit, ${CONCURRENCY} in flight`,
      short: `semantic cache (${scope}): hit, ${CONCURRENCY} in flight`,
      baseline: rawName,
      cases: cases(CONCURRENCY, inFlightTotal, hitPrompt),
    },
  ];
  return { groups, cleanup: () => writer.drop() };
}

/** Lookup latency of the semantic cache per engine and size, and the quality of its hits. */
export const semanticCacheSuite: BenchSuite = {
  name: 'semantic-cache',
  async setup({ url, quick, prefix, record }) {
    const client = createClient({ url });
    await client.connect();
    const capabilities = await detectCapabilities(RedisConnection.from({ client }));
    const engines: VectorEngine[] = [];
    if (capabilities.queryEngine) engines.push('query-engine');
    if (capabilities.vectorSets) engines.push('vector-set');
    const groups: BenchGroup[] = [];
    const cleanups: (() => Promise<void>)[] = [];
    try {
      for (const engine of engines) {
        for (const count of quick ? [1_000] : [1_000, 10_000, 100_000]) {
          const result = await engineGroups(client as Client, engine, prefix, count, record);
          groups.push(...result.groups);
          cleanups.push(result.cleanup);
        }
        await partitionMeasurements(client as Client, engine, prefix, quick, record);
      }
      const quality = await measureSemanticCacheQuality({
        url,
        prefix,
        ...(quick ? { thresholds: [0.1, 0.2, 0.3, 0.35, 0.4] } : {}),
      });
      for (const [part, threshold] of QUALITY_PARTS.flatMap((name) =>
        [DEFAULT_THRESHOLD, RECOMMENDED_THRESHOLD].map((value) => [name, value] as const),
      )) {
        const scope = `${part}, ${quality.parts[part].pairs} pairs, threshold ${threshold}`;
        for (const [rows, verified] of [
          [quality.parts[part].withVerifiers, 'verified'],
          [quality.parts[part].withoutVerifiers, 'distance only'],
        ] as const) {
          const row = rows.find((candidate) => candidate.threshold === threshold);
          if (!row) continue;
          const precision = row.precision ?? Number.NaN;
          const table = `hit quality on the prompt pairs (${quality.model})`;
          record({
            name: `precision (${verified})`,
            scope,
            value: precision,
            unit: 'share',
            table,
          });
          record({ name: `recall (${verified})`, scope, value: row.recall, unit: 'share', table });
        }
        if (threshold !== DEFAULT_THRESHOLD) continue;
        console.log(
          `\nsemantic cache quality, ${part}: ${quality.parts[part].pairs} pairs (${quality.model}, ${quality.engine})`,
        );
        console.table(qualityTable(quality.parts[part]));
      }
      const directory = `${REPOSITORY_ROOT}/bench/results`;
      mkdirSync(directory, { recursive: true });
      const file = `semantic-cache-quality${quick ? '-quick' : ''}.json`;
      writeFileSync(`${directory}/${file}`, `${JSON.stringify(quality, null, 2)}\n`);
    } catch (error) {
      for (const cleanup of cleanups) await cleanup().catch(() => {});
      await client.close();
      throw error;
    }
    return {
      groups,
      teardown: async () => {
        for (const cleanup of cleanups) await cleanup();
        await client.close();
      },
    };
  },
};
