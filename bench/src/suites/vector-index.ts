import {
  cosineDistance,
  createVectorIndex,
  detectCapabilities,
  encodeVector,
  RedisConnection,
  tag,
  type VectorEngine,
  type VectorIndex,
} from '@x/redis-core';
import { createClient } from 'redis';
import { type BenchCase, type BenchGroup, type BenchSuite, inFlight } from '../harness.js';

const DIMENSION = 384;
const K = 10;
const CONCURRENCY = 64;
/** The target: our query keeps at least 0.9× the raw command's throughput. */
const QUERY_TARGET = 0.9;
/** Our default `efRuntime`, sent by the raw commands too, so that both search alike. */
const EF_RUNTIME = '100';
const GENRES = ['a', 'b', 'c', 'd'];
const FIELDS = [
  { name: 'genre', type: 'tag' },
  { name: 'year', type: 'numeric' },
] as const;
const GENRE_A = tag('genre').eq('a');
const RAW_INGEST = 'raw: same MULTI per document, pipelined';

type Command = (string | Buffer)[];
/** What the raw cases use of a node-redis client. */
interface Client {
  sendCommand(args: Command): Promise<unknown>;
  multi(): { addCommand(args: Command): unknown; exec(): Promise<unknown> };
}

const words = (text: string) => text.split(' ');

/**
 * Seeded vectors shaped like text embeddings: points around 200 topics. (Uniformly random ones
 * have no neighbourhood structure: HNSW then needs `efRuntime` ≈ 600 for a recall@10 of 0.95.)
 */
function vectors(count: number, seed: number): number[][] {
  const topics = generator(7);
  const centres = Array.from({ length: 200 }, () =>
    Array.from({ length: DIMENSION }, () => gaussian(topics)),
  );
  const random = generator(seed);
  return Array.from({ length: count }, () => {
    const centre = centres[Math.floor(random() * centres.length)] as number[];
    return centre.map((value) => value + gaussian(random) * 0.8);
  });
}

const gaussian = (random: () => number) =>
  Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());

/** A seeded uniform generator in [0, 1) (mulberry32). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** The words of `template`, with each `$name` replaced by `values.$name`. */
function fill(template: string, values: Record<string, string | Buffer>): Command {
  return words(template).map((word) => values[word] ?? word);
}

/** The commands a hand-written client sends to store one document the way ours does. */
function rawWrite(engine: VectorEngine, base: string, position: number, vector: number[]) {
  const genre = GENRES[position % GENRES.length] as string;
  const year = String(position % 50);
  const values = {
    $key: `${base}:doc:d${position}`,
    $id: `d${position}`,
    $blob: encodeVector(vector),
    $content: `document ${position}`,
    $metadata: JSON.stringify({ genre, year: Number(year) }),
    $genre: genre,
    $year: year,
    $attributes: `{"genre":["${genre}"],"year":${year},"__missing":[]}`,
  };
  const hset = 'HSET $key content $content metadata $metadata';
  if (engine === 'query-engine') {
    return [fill('DEL $key', values), fill(`${hset} vector $blob genre $genre year $year`, values)];
  }
  return [
    fill(`VADD ${base}:vectors FP32 $blob $id NOQUANT EF 200 SETATTR $attributes M 16`, values),
    fill('DEL $key', values),
    fill(hset, values),
    fill(`ZREM ${base}:expiries $id`, values),
  ];
}

/** The raw command of the same query as ours. */
function rawQuery(engine: VectorEngine, target: string, vector: number[], filtered: boolean) {
  const values = { $target: target, $blob: encodeVector(vector), $filter: '("a" in .genre)' };
  if (engine === 'vector-set') {
    const filter = filtered ? ' FILTER $filter' : '';
    return fill(`VSIM $target FP32 $blob WITHSCORES COUNT ${K} EF ${EF_RUNTIME}${filter}`, values);
  }
  const knn = `[KNN ${K} @vector $vector EF_RUNTIME $ef AS __distance]`;
  const text = filtered ? `(@genre:{a})=>${knn}` : `*=>${knn}`;
  return fill(
    `FT.SEARCH $target $text PARAMS 4 vector $blob ef ${EF_RUNTIME} RETURN 3 content metadata __distance SORTBY __distance ASC LIMIT 0 ${K} DIALECT 2`,
    { ...values, $text: text },
  );
}

/** The share of the exact top 10 (brute force in JS) that the index's default settings find. */
async function recall(index: VectorIndex, data: number[][], queries: number[][]): Promise<number> {
  let found = 0;
  for (const query of queries) {
    const exact = data
      .map((vector, position) => ({ id: `d${position}`, distance: cosineDistance(query, vector) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, K)
      .map((hit) => hit.id);
    const results = await index.query({ vector: query, k: K });
    found += results.filter((result) => exact.includes(result.id)).length;
  }
  return found / (queries.length * K);
}

async function engineGroups(
  engine: VectorEngine,
  client: Client,
  connection: RedisConnection,
  prefix: string,
  count: number,
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
    const index = createVectorIndex(connection, {
      name: `${prefix}${engine}${name}`,
      prefix,
      engine,
      schema: { fields: [...FIELDS] },
    });
    indexes.push(index);
    return index;
  };
  // Each ingest run drops the previous index and writes a fresh one (both cases alike).
  let generation = 0;
  let ours: VectorIndex | undefined;
  let rawBase: string | undefined;
  const oursIngest = async () => {
    await ours?.drop({ deleteDocuments: true });
    ours = open(`o${generation++}`);
    await ours.upsert(documents, { chunkSize: 500 });
  };
  const rawIngest = async () => {
    const previous = rawBase;
    if (engine === 'vector-set') {
      const keys = documents.map((_, position) => `${previous}:doc:d${position}`);
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
    for (let start = 0; start < data.length; start += 500) {
      await Promise.all(
        data.slice(start, start + 500).map((vector, offset) => {
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
    engine === 'vector-set' ? `${prefix}:{${prefix}${engine}q}:vectors` : `${prefix}${engine}q`;
  const measured = await recall(searched, data, queries.slice(0, 100));
  console.log(`vector index (${engine}): recall@${K} of the defaults: ${measured.toFixed(3)}`);
  const query = (index: number) => queries[index % queries.length] as number[];
  const rawName = `raw ${engine === 'vector-set' ? 'VSIM' : 'FT.SEARCH'}`;
  const cases = (filtered: boolean, concurrency: number, total: number): BenchCase[] => [
    {
      name: rawName,
      kind: 'raw',
      operations: total,
      run: () =>
        inFlight(total, concurrency, (index) =>
          client.sendCommand(rawQuery(engine, target, query(index), filtered)),
        ),
    },
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
  // VSIM alone returns ids; what a query returns also needs the documents, read by hand here.
  const byHand: BenchCase = {
    name: 'raw VSIM, then HMGET of each hit',
    kind: 'raw',
    operations: total,
    run: () =>
      inFlight(total, CONCURRENCY, async (index) => {
        const hits = await client.sendCommand(rawQuery(engine, target, query(index), false));
        const ids = Object.keys(hits as Record<string, unknown>);
        const base = target.slice(0, -':vectors'.length);
        const read = (id: string) => ['HMGET', `${base}:doc:${id}`, 'content', 'metadata'];
        await Promise.all(ids.map((id) => client.sendCommand(read(id))));
      }),
  };
  const label = `vector index (${engine}, ${count} × ${DIMENSION}-dim)`;
  const verdict = measured >= 0.95 ? 'pass' : 'FAIL';
  return {
    groups: [
      {
        name: `${label}: ingest, documents/s (chunks of 500)`,
        baseline: RAW_INGEST,
        cases: [
          { name: RAW_INGEST, kind: 'raw', operations: count, run: rawIngest },
          { name: 'ours: upsert', kind: 'ours', operations: count, run: oursIngest },
        ],
      },
      {
        name: `${label}: KNN k=${K}, ${CONCURRENCY} in flight; recall@${K} of the defaults vs exact: ${measured.toFixed(3)} (≥ 0.95 ${verdict})`,
        baseline: rawName,
        cases: [...cases(false, CONCURRENCY, total), ...(engine === 'vector-set' ? [byHand] : [])],
        targets: [{ case: 'ours: query', min: QUERY_TARGET }],
      },
      {
        name: `${label}: KNN k=${K} with a tag filter (1 in 4 match), ${CONCURRENCY} in flight`,
        baseline: rawName,
        cases: cases(true, CONCURRENCY, total),
        targets: [{ case: 'ours: query', min: QUERY_TARGET }],
      },
      {
        name: `${label}: KNN k=${K}, one at a time (latency in ms = 1000 / ops/s)`,
        baseline: rawName,
        cases: cases(false, 1, total / 10),
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
  async setup({ url, quick, prefix }) {
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
      const result = await engineGroups(engine, client, connection, prefix, quick ? 1_000 : 10_000);
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
