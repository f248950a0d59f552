/**
 * Where a semantic-cache lookup's time goes: the raw VSIM, our index query (VSIM + read), and
 * the whole lookup (embedding, search, verifiers), one at a time, on N entries (vector sets).
 * Usage: tsx src/profile/semantic-lookup.ts [entries] (spawns a server unless REDIS_URL is set).
 */
import { and, createVectorIndex, encodeVector, RedisConnection, tag } from '@x/redis-core';
import { RedisSemanticCache } from '@x/semantic-cache';
import { spawnRedisServer } from '@x/test-utils/servers';
import { createClient } from 'redis';
import { inFlight, interleavedLatencies, quantile } from '../harness.js';
import {
  cachedPrompt,
  paraphrase,
  SyntheticEmbeddings,
  unrelated,
} from '../suites/semantic-data.js';

const count = Number(process.argv[2] ?? 10_000);
const LLM = 'llm-string';
const spawned = process.env.REDIS_URL ? undefined : await spawnRedisServer();
const client = createClient({ url: process.env.REDIS_URL ?? spawned?.url });
await client.connect();
const name = `profile:semantic:${count}`;
const common = { client, name, engine: 'vector-set', embeddingsCache: false } as const;
const writer = new RedisSemanticCache({
  ...common,
  embeddings: new SyntheticEmbeddings(false),
  verifiers: [],
});
const nudged = new SyntheticEmbeddings(true);
const reader = new RedisSemanticCache({ ...common, embeddings: nudged });
const unverified = new RedisSemanticCache({ ...common, embeddings: nudged, verifiers: [] });
await writer.clear();
const started = performance.now();
await inFlight(count, 64, (index) =>
  writer.update(cachedPrompt(index), LLM, [{ text: 'answer '.repeat(100) }]),
);
console.log(`${count} entries written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const key = `${name}:{${name}}:vectors`;
const id = String(await client.sendCommand(['VRANDMEMBER', key]));
const attributes = JSON.parse(String(await client.sendCommand(['VGETATTR', key, id])));
console.log('attributes of an entry:', JSON.stringify(attributes));
const [llm, scope] = [attributes.llm[0], attributes.scope[0]];
const fields = ['llm', 'scope', 'scopeParts', 'format'].map((field) => ({
  name: field,
  type: 'tag' as const,
}));
const index = createVectorIndex(RedisConnection.from({ client }), {
  name,
  engine: 'vector-set',
  schema: { fields, hnsw: { efRuntime: 40 } },
});
const filter = and(tag('llm').eq(llm), tag('scope').eq(scope));
const rawFilter = `("${llm}" in .llm) and ("${scope}" in .scope)`;

const hit = (at: number) => paraphrase((at * 7919) % count);
const report = (label: string, times: number[]) =>
  console.log(
    `${label.padEnd(58)} p50 ${quantile(times, 0.5).toFixed(3)} ms  p90 ${quantile(times, 0.9).toFixed(3)} ms`,
  );
for (const [kind, prompt] of [
  ['hit', hit],
  ['miss', unrelated],
] as const) {
  const vectors = await Promise.all(
    Array.from({ length: 400 }, (_, at) => nudged.embedQuery(prompt(at))),
  );
  const vector = (at: number) => vectors[at % 400] as number[];
  const vsim = (at: number) => [
    ...['VSIM', key, 'FP32', encodeVector(vector(at)), 'WITHSCORES', 'COUNT', '16', 'EF', '40'],
    ...['FILTER', rawFilter, 'EPSILON', '0.2'],
  ];
  const firstHit = async (at: number) => {
    const reply = (await client.sendCommand(vsim(at))) as unknown;
    const id = Array.isArray(reply) ? reply[0] : Object.keys(reply as object)[0];
    if (id === undefined) return;
    await client.hmGet(`${name}:{${name}}:doc:${String(id)}`, ['content', 'metadata']);
  };
  const tasks: [string, (at: number) => Promise<unknown>][] = [
    ['embedding (synthetic)', (at) => nudged.embedQuery(prompt(at))],
    ['raw VSIM (COUNT 16 EF 40 FILTER EPSILON 0.2)', (at) => client.sendCommand(vsim(at))],
    ['raw VSIM, then HMGET of the first hit', firstHit],
    [
      'index.query (VSIM + read of the hits)',
      (at) => index.query({ vector: vector(at), k: 16, filter, distanceThreshold: 0.2 }),
    ],
    ['lookup without verifiers', (at) => unverified.lookup(prompt(at), LLM)],
    ['lookup', (at) => reader.lookup(prompt(at), LLM)],
  ];
  const timed = await interleavedLatencies(
    300,
    tasks.map(([, task]) => task),
  );
  tasks.forEach(([label], position) => {
    report(`${kind}: ${label}`, timed[position] ?? []);
  });
}
await writer.drop();
await client.close();
await spawned?.stop();
