// Chooses hybrid search's fusion settings on the DEV retrieval questions only
// (bench/data/retrieval/dev-questions.jsonl): recall@5 of each setting, with the offline model.
// The 60 held-out questions are not read here. Needs a server with the Query Engine (REDIS_URL).
// Run: cd bench && REDIS_URL=redis://... npx tsx src/quality/hybrid-sweep.ts
import { Document } from '@langchain/core/documents';
import type { HybridFusion } from '@x/redis-core';
import { RedisVectorStore } from '@x/vectorstore';
import { createClient } from 'redis';
import {
  type Passage,
  type Question,
  RememberedEmbeddings,
  readJsonLines,
} from '../suites/retrieval.js';

const K = 5;
const url = process.env.REDIS_URL;
if (!url) throw new Error('REDIS_URL: a server with the Query Engine');
const client = createClient({ url });
await client.connect();
const passages = readJsonLines<Passage>('corpus.jsonl');
const questions = readJsonLines<Question>('dev-questions.jsonl');
const embeddings = new RememberedEmbeddings();
await embeddings.remember([...passages.map((p) => p.text), ...questions.map((q) => q.question)]);
const store = new RedisVectorStore(embeddings, {
  client,
  indexName: `sweep${Date.now()}`,
  engine: 'query-engine',
});
await store.addDocuments(
  passages.map((p) => new Document({ id: p.id, pageContent: p.text, metadata: p.metadata })),
);
const recall = async (search: (question: string) => Promise<string[]>) => {
  const hits = await Promise.all(
    questions.map(async (q) => (await search(q.question)).some((id) => q.relevant.includes(id))),
  );
  return hits.filter(Boolean).length / questions.length;
};
const rows: [string, number][] = [];
rows.push([
  'vector only',
  await recall(async (q) => (await store.similaritySearch(q, K)).map((d) => d.id as string)),
]);
const settings: [string, HybridFusion, number][] = [];
for (const candidates of [20, 40]) {
  for (const rankConstant of [60, 20]) {
    for (const vectorWeight of [0.5, 0.4, 0.3, 0.2, 0.1, 0]) {
      settings.push([
        `rrf k=${rankConstant} w=${vectorWeight} c=${candidates}`,
        { method: 'rrf', rankConstant, vectorWeight },
        candidates,
      ]);
    }
  }
  for (const vectorWeight of [0.7, 0.5, 0.3, 0.2, 0.1]) {
    settings.push([
      `linear w=${vectorWeight} c=${candidates}`,
      { method: 'linear', vectorWeight },
      candidates,
    ]);
  }
}
for (const [name, fusion, candidates] of settings) {
  rows.push([
    name,
    await recall(async (q) =>
      (await store.hybridSearch(q, { k: K, fusion, candidates })).map(
        (r) => r.document.id as string,
      ),
    ),
  ]);
}
for (const [name, value] of rows) console.log(`${name.padEnd(28)} ${value.toFixed(3)}`);
await store.delete({ deleteAll: true });
await client.close();
