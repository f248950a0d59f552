/**
 * Where the vector store's Query Engine ingest spends its time, against the raw batch: each
 * case writes 2,000 documents into a fresh index, the cases interleaved, 7 rounds.
 * Usage: REDIS_URL=<a server with the Query Engine> tsx src/profile/qe-ingest.ts
 */
import { RedisConnection } from '@x/redis-core';
import { RedisVectorStore } from '@x/vectorstore';
import { createClient } from 'redis';
import { median } from '../harness.js';
import {
  documentsOf,
  HNSW,
  PrecomputedEmbeddings,
  rawCreate,
  rawQueryEngineWrite,
  vectors,
} from '../suites/vectorstore-raw.js';

const url = process.env.REDIS_URL;
if (!url) throw new Error('REDIS_URL must name a server with the Query Engine');
const COUNT = 2_000;
const client = createClient({ url, RESP: 2 });
await client.connect();
const data = vectors(COUNT, 1);
const documents = documentsOf(COUNT);
const ids = documents.map((document) => document.id as string);
const embeddings = new PrecomputedEmbeddings();
let generation = 0;
const fresh = () => `profileqe${generation++}`;

const rawWrites = (name: string, from: number, to: number) =>
  Promise.all(
    documents.slice(from, to).map((document, offset) => {
      const multi = client.multi();
      for (const command of rawQueryEngineWrite(name, document, data[from + offset] as number[]))
        multi.addCommand(command);
      return multi.exec();
    }),
  );
const store = (name: string, chunkSize?: number) =>
  new RedisVectorStore(embeddings, {
    connection: RedisConnection.from({ client }),
    indexName: name,
    engine: 'query-engine',
    vectorIndex: { hnsw: HNSW },
    ...(chunkSize === undefined ? {} : { chunkSize }),
  });

const cases: Record<string, (name: string) => Promise<unknown>> = {
  'raw: FT.CREATE, then every MULTI at once': async (name) => {
    await client.sendCommand(rawCreate(name));
    await rawWrites(name, 0, COUNT);
  },
  'raw: FT.CREATE, then chunks of 500, each awaited': async (name) => {
    await client.sendCommand(rawCreate(name));
    for (let start = 0; start < COUNT; start += 500) await rawWrites(name, start, start + 500);
  },
  'ours: addVectors on a new store (chunks of 500)': (name) =>
    store(name).addVectors(data, documents, { ids }),
  'ours: addVectors on a new store, chunkSize 2000': (name) =>
    store(name, COUNT).addVectors(data, documents, { ids }),
};
// The same writes with the store's setup (engine detection, FT.INFO, FT.CREATE) done before the clock.
const prepared = new Map<string, RedisVectorStore>();
const setups: number[] = [];
const prepare = async (name: string) => {
  const started = performance.now();
  const ready = store(name);
  await ready.addVectors(data.slice(0, 1), documents.slice(0, 1), { ids: ids.slice(0, 1) });
  setups.push(performance.now() - started);
  prepared.set(name, ready);
};
cases['ours: addVectors, the store set up beforehand'] = (name) =>
  (prepared.get(name) as RedisVectorStore).addVectors(data, documents, { ids });
const rates: Record<string, number[]> = {};
for (let round = 0; round < Number(process.env.ROUNDS ?? 8); round++) {
  for (const [label, run] of Object.entries(cases)) {
    const name = fresh();
    if (label.includes('beforehand')) await prepare(name);
    const started = performance.now();
    await run(name);
    const seconds = (performance.now() - started) / 1000;
    await client.sendCommand(['FT.DROPINDEX', name, 'DD']);
    if (round > 0) rates[label] = [...(rates[label] ?? []), COUNT / seconds];
  }
}
const baseline = median(rates['raw: FT.CREATE, then every MULTI at once'] ?? []);
for (const [label, values] of Object.entries(rates)) {
  const rate = median(values);
  console.log(`${label}: ${Math.round(rate)}/s (${(rate / baseline).toFixed(2)}×)`);
}
// What is checked before anything is written: a batch whose last vector is bad is refused
// after every document was prepared, with nothing sent.
const bad = data.map((vector, position) =>
  position === COUNT - 1 ? vector.map(() => Number.NaN) : vector,
);
const checking = store(fresh());
await checking.addVectors(data.slice(0, 1), documents.slice(0, 1), { ids: ids.slice(0, 1) });
const checks: number[] = [];
for (let round = 0; round < 20; round++) {
  const started = performance.now();
  await checking.addVectors(bad, documents, { ids }).catch(() => undefined);
  checks.push(performance.now() - started);
}
console.log(
  `preparing 2,000 documents before the first write: ${median(checks).toFixed(1)} ms median`,
);
console.log(`setup of a store and its first document: ${median(setups).toFixed(1)} ms median`);
await client.close();
