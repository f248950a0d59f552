import {
  createVectorIndex,
  detectCapabilities,
  RedisConnection,
  tag,
  type VectorEngine,
  type VectorIndex,
} from '@x/redis-core';
import { prefersBatches, serverIgnoresShare } from '@x/redis-core/internal';
import { createClient } from 'redis';
import {
  type BenchCase,
  type BenchContext,
  type BenchGroup,
  type BenchSuite,
  inFlight,
} from '../harness.js';
import { BY_HAND, extraCases, PARSED_BY_HAND, SCRIPTED } from './vector-index-extras.js';
import {
  type Client,
  EF_RUNTIME,
  GENRES,
  K,
  rawQuery,
  rawWrite,
  recall,
  words,
} from './vector-index-raw.js';
import { embeddingLike } from './vectors.js';

const DIMENSION = 384;
const CONCURRENCY = 64;
/** The target: our query keeps at least 0.9× the raw command's throughput. */
const QUERY_TARGET = 0.9;
const FIELDS = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;
const GENRE_A = tag('genre').eq('a');
const RAW_INGEST = 'raw: same MULTI per document, pipelined';
/** Documents each ingest repetition writes (the scale suite measures up to 100k). */
const INGEST_COUNT = 2_000;

const vectors = (count: number, seed: number) => embeddingLike(count, DIMENSION, seed);

async function engineGroups(
  engine: VectorEngine,
  client: Client,
  connection: RedisConnection,
  prefix: string,
  count: number,
  record: BenchContext['record'],
): Promise<{ groups: BenchGroup[]; cleanup: () => Promise<void> }> {
  const data = vectors(count, 1);
  const documents = data.map((vector, position) => ({
    id: `d${position}`,
    vector,
    content: `document ${position}`,
    metadata: { genre: GENRES[position % GENRES.length], year: position % 50 },
  }));
  const queries = vectors(200, 2);
  const indexes: VectorIndex[] = [];
  const open = (name: string) => {
    // Each index under its own prefix (its name): on the Query Engine, indexes that share a
    // prefix share documents, and every ingest run would re-index (and delete) the others'.
    const index = createVectorIndex(connection, {
      name: `${prefix}${engine}${name}`,
      engine,
      schema: { fields: [...FIELDS] },
    });
    indexes.push(index);
    return index;
  };
  const ingested = data.slice(0, INGEST_COUNT);
  // Each ingest run drops the previous index and writes a fresh one (both cases alike).
  let generation = 0;
  let ours: VectorIndex | undefined;
  let rawBase: string | undefined;
  const oursIngest = async () => {
    await ours?.drop({ deleteDocuments: true });
    ours = open(`o${generation++}`);
    await ours.upsert(documents.slice(0, INGEST_COUNT), { chunkSize: 500 });
  };
  const rawIngest = async () => {
    const previous = rawBase;
    if (engine === 'vector-set') {
      const keys = ingested.map((_, position) => `${previous}:doc:d${position}`);
      if (previous) await client.sendCommand(['UNLINK', `${previous}:vectors`, ...keys]);
      rawBase = `${prefix}:{raw${generation++}}`;
    } else {
      if (previous) await client.sendCommand(['FT.DROPINDEX', previous, 'DD']);
      rawBase = `${prefix}raw${generation++}`;
      const schema = `SCHEMA vector VECTOR HNSW 12 TYPE FLOAT32 DIM ${DIMENSION} DISTANCE_METRIC COSINE M 16 EF_CONSTRUCTION 200 EF_RUNTIME ${EF_RUNTIME} genre TAG SEPARATOR , year NUMERIC`;
      const definition = `ON HASH PREFIX 1 ${rawBase}:doc: STOPWORDS 0 ${schema}`;
      await client.sendCommand(['FT.CREATE', rawBase, ...words(definition)]);
    }
    const base = rawBase;
    for (let start = 0; start < ingested.length; start += 500) {
      await Promise.all(
        ingested.slice(start, start + 500).map((vector, offset) => {
          const multi = client.multi();
          for (const command of rawWrite(engine, base, start + offset, vector))
            multi.addCommand(command);
          return multi.exec();
        }),
      );
    }
  };

  // The queried index: written once, then searched by ours and by the raw command alike.
  const searched = open('q');
  await searched.upsert(documents);
  const target =
    engine === 'vector-set' ? `${searched.name}:{${searched.name}}:vectors` : searched.name;
  const measured = await recall(searched, data, queries.slice(0, 100));
  record({
    name: `recall@${K} of the defaults`,
    scope: `${engine}, ${count.toLocaleString('en-US')} × ${DIMENSION}-dim`,
    value: measured,
    unit: 'share',
    target: { min: 0.95, label: `recall@${K} ≥ 0.95` },
  });
  const query = (index: number) => queries[index % queries.length] as number[];
  const rawName = `raw ${engine === 'vector-set' ? 'VSIM' : 'FT.SEARCH'}`;
  // What our planner asks of the Query Engine for the filter (1 in 4 match), which the raw
  // command then asks too; the server's own choice is measured beside it.
  const batches =
    engine === 'query-engine' &&
    prefersBatches(count / GENRES.length, count) &&
    serverIgnoresShare({ indexSize: count, k: K, dimension: DIMENSION, m: 16 });
  const serverChoice = 'raw FT.SEARCH, the server choosing how (brute force here)';
  const cases = (filtered: boolean, concurrency: number, total: number): BenchCase[] => [
    {
      name: rawName,
      kind: 'raw',
      operations: total,
      run: () =>
        inFlight(total, concurrency, (index) =>
          client.sendCommand(rawQuery(engine, target, query(index), filtered, batches)),
        ),
    },
    ...(filtered && batches
      ? [
          {
            name: serverChoice,
            kind: 'raw' as const,
            operations: total,
            run: () =>
              inFlight(total, concurrency, (index) =>
                client.sendCommand(rawQuery(engine, target, query(index), true, false)),
              ),
          },
        ]
      : []),
    {
      name: 'ours: query',
      kind: 'ours',
      operations: total,
      run: () =>
        inFlight(total, concurrency, (index) =>
          searched.query({ vector: query(index), k: K, filter: filtered ? GENRE_A : undefined }),
        ),
    },
  ];
  const total = count >= 10_000 ? 2_000 : 1_000;
  const extras = await extraCases({
    engine,
    client,
    target,
    query,
    total,
    inFlightCount: CONCURRENCY,
  });
  const label = `vector index (${engine}, ${count} × ${DIMENSION}-dim)`;
  const queryTarget = (what: string) => ({
    case: 'ours: query',
    min: QUERY_TARGET,
    label: `query ≥ ${QUERY_TARGET}× the raw command (${engine}, ${what})`,
    limit: (ratio: (name: string) => number) =>
      engine === 'vector-set'
        ? `VSIM returns ids only; a query also reads the hits' documents, a second round trip: VSIM followed by a hand-written HMGET of each hit runs at ${ratio(BY_HAND).toFixed(2)}×. One script doing both would run at ${ratio(SCRIPTED).toFixed(2)}×, but scripts run the search on Redis's main thread (VSIM alone runs it on a worker thread), blocking every other client for its duration: we keep the search threaded.`
        : `FT.SEARCH returns the documents itself, left unparsed by the raw case; the same reply with each hit's fields and metadata JSON parsed by hand runs at ${ratio(PARSED_BY_HAND).toFixed(2)}×.`,
  });
  return {
    groups: [
      {
        name: `${label}: ingest of ${ingested.length} documents, documents/s (chunks of 500)`,
        short: `vector index (${engine}): ingest`,
        baseline: RAW_INGEST,
        cases: [
          { name: RAW_INGEST, kind: 'raw', operations: ingested.length, run: rawIngest },
          { name: 'ours: upsert', kind: 'ours', operations: ingested.length, run: oursIngest },
        ],
      },
      {
        name: `${label}: KNN k=${K}, ${CONCURRENCY} in flight`,
        short: `vector index (${engine}): KNN k=${K}, ${CONCURRENCY} in flight`,
        baseline: rawName,
        cases: [...cases(false, CONCURRENCY, total), ...extras(CONCURRENCY, total)],
        targets: [queryTarget(`KNN, ${CONCURRENCY} in flight`)],
      },
      {
        name: `${label}: KNN k=${K} with a tag filter (1 in 4 match), ${CONCURRENCY} in flight`,
        short: `vector index (${engine}): filtered KNN, ${CONCURRENCY} in flight`,
        baseline: rawName,
        cases: cases(true, CONCURRENCY, total / 4),
        targets: [
          {
            ...queryTarget(`filtered KNN, ${CONCURRENCY} in flight`),
            limit:
              engine === 'vector-set'
                ? 'VSIM returns ids only; a query also reads the hits’ documents, a second round trip (see the unfiltered group for its measured cost).'
                : `FT.SEARCH returns the documents itself, left unparsed by the raw case: the cost of parsing them is measured in the unfiltered group.${batches ? ' Both ask for HYBRID_POLICY BATCHES, as our planner does for this filter; the same search left to the server runs at the ratio of its own row.' : ''}`,
          },
        ],
      },
      {
        name: `${label}: KNN k=${K}, one at a time (latency in ms = 1000 / ops/s)`,
        short: `vector index (${engine}): KNN k=${K}, one at a time`,
        baseline: rawName,
        cases: [...cases(false, 1, total / 10), ...extras(1, total / 10)],
        targets: [queryTarget('KNN, one at a time')],
      },
    ],
    cleanup: async () => {
      for (const index of indexes) await index.drop({ deleteDocuments: true }).catch(() => {});
      if (engine === 'query-engine' && rawBase) {
        await client.sendCommand(['FT.DROPINDEX', rawBase, 'DD']).catch(() => {});
      }
    },
  };
}

/** Our vector index on each engine the server offers, against the raw commands it sends. */
export const vectorIndexSuite: BenchSuite = {
  name: 'vector index',
  async setup({ url, quick, prefix, record }) {
    const client = createClient({ url });
    await client.connect();
    const connection = RedisConnection.from({ client });
    const capabilities = await detectCapabilities(connection);
    const engines = (['query-engine', 'vector-set'] as const).filter((engine) =>
      engine === 'query-engine' ? capabilities.queryEngine : capabilities.vectorSets,
    );
    const groups: BenchGroup[] = [];
    const cleanups: (() => Promise<void>)[] = [];
    for (const engine of engines) {
      const size = quick ? 1_000 : 10_000;
      const result = await engineGroups(engine, client, connection, prefix, size, record);
      groups.push(...result.groups);
      cleanups.push(result.cleanup);
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
