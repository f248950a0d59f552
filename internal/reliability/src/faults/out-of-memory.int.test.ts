import { HumanMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import { emptyCheckpoint, uuid6 } from '@langchain/langgraph-checkpoint';
import { RedisChatMessageHistory } from '@x/chat-history';
import { RedisSaver, RedisStore } from '@x/langgraph';
import { RedisCache } from '@x/llm-cache';
import type { RedisStoreError } from '@x/redis-core';
import { RedisSemanticCache } from '@x/semantic-cache';
import { type RedisServerProcess, spawnRedisServer, type TestClient } from '@x/test-utils';
import { RedisVectorStore } from '@x/vectorstore';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordFigures } from '../figures.js';
import { HashEmbeddings } from '../hash-embeddings.js';
import { diffKeyspaces, snapshotKeyspace } from '../keyspace.js';
import { describeSpawned } from '../spawned-redis.js';
import { attempt, reportedFailure, type StepResult } from './fault-run.js';

const MODEL = '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"m"}}';
const STORED = 20;
const ATTEMPTS = 20;
const OUT_OF_MEMORY = ['out-of-memory'];
/** Messages of 64 KB that fill the server: 1 MB. */
const FILLER_MESSAGES = 16;

/** One package seen as writes, reads of what it stored before, and a write once memory is freed. */
interface Subject {
  name: string;
  /** Stores {@link STORED} items while memory is free. */
  fill(): Promise<void>;
  /** One write attempt; its result. */
  write(attempt: number): Promise<StepResult>;
  /** Reads back what `fill` stored; how many items are missing or changed. */
  damaged(): Promise<number>;
  close(): Promise<void>;
}

describeSpawned('every package when Redis is out of memory (maxmemory, noeviction)', () => {
  let server: RedisServerProcess;
  let admin: TestClient;
  const subjects: Subject[] = [];
  const errors: RedisStoreError[] = [];
  const embeddings = new HashEmbeddings();

  beforeAll(async () => {
    server = await spawnRedisServer({
      args: ['--maxmemory', '8mb', '--maxmemory-policy', 'noeviction'],
    });
    admin = createClient({ url: server.url });
    await admin.connect();
    const { url } = server;
    const onError = (error: RedisStoreError) => errors.push(error);
    // Generous deadlines: a refusal must come from the full server, not from a loaded machine.
    const timeoutMs = 10_000;
    const cache = new RedisCache({ url, timeoutMs, onError });
    const semantic = new RedisSemanticCache({
      url,
      engine: 'vector-set',
      embeddings,
      timeoutMs,
      onError,
    });
    const history = new RedisChatMessageHistory({ url, sessionId: 'kept', ttl: 3600 });
    const store = new RedisVectorStore(embeddings, {
      url,
      indexName: 'docs',
      engine: 'vector-set',
    });
    const items = Array.from({ length: STORED }, (_, index) => `item ${index}`);
    const saver = new RedisSaver({ url, timeoutMs });
    const thread: RunnableConfig = { configurable: { thread_id: 'kept' } };
    /** A checkpoint of the thread `kept`, with its step as its one channel value. */
    const checkpointAt = (step: number) => {
      const checkpoint = emptyCheckpoint();
      checkpoint.id = uuid6(-1);
      checkpoint.channel_values = { step };
      checkpoint.channel_versions = { step: step + 1 };
      return checkpoint;
    };
    let head = thread;
    const memory = new RedisStore({
      url,
      timeoutMs,
      index: { dims: embeddings.dimension, embeddings, fields: ['text'], engine: 'vector-set' },
    });
    const memories = ['memories', 'kept'];
    subjects.push(
      {
        name: 'langgraph saver',
        fill: async () => {
          for (const [step] of items.entries()) {
            head = await saver.put(
              head,
              checkpointAt(step),
              { source: 'loop', step, parents: {} },
              {
                step: step + 1,
              },
            );
            await saver.putWrites(head, [['step', `pending ${step}`]], `task ${step}`);
          }
        },
        write: (attempted) => {
          const step = STORED + attempted;
          const metadata = { source: 'loop' as const, step, parents: {} };
          const versions = { step: step + 1 };
          return attempt(
            () => saver.put(head, checkpointAt(step), metadata, versions),
            OUT_OF_MEMORY,
          );
        },
        damaged: async () => {
          let whole = 0;
          for await (const tuple of saver.list(thread)) {
            const { step } = tuple.checkpoint.channel_values as { step: number };
            const writes = tuple.pendingWrites ?? [];
            if (tuple.metadata?.step === step && writes[0]?.[2] === `pending ${step}`) whole++;
          }
          return STORED - whole;
        },
        close: () => saver.close(),
      },
      {
        name: 'langgraph store (semantic search)',
        fill: async () => {
          for (const item of items) await memory.put(memories, item, { text: item });
        },
        write: (step) =>
          attempt(
            () => memory.put(memories, `new ${step}`, { text: `new ${step}` }),
            OUT_OF_MEMORY,
          ),
        damaged: async () => {
          let damaged = 0;
          for (const item of items) {
            const [found] = await memory.search(memories, { query: item, limit: 1 });
            if (found?.key !== item || found.value.text !== item) damaged++;
          }
          return damaged;
        },
        close: () => memory.close(),
      },
      {
        name: 'llm-cache',
        fill: async () => {
          for (const item of items) await cache.update(item, MODEL, [{ text: item }]);
        },
        write: async (attempt) => {
          errors.length = 0;
          await cache.update(`new ${attempt}`, MODEL, [{ text: 'x' }]);
          return reportedFailure(errors, OUT_OF_MEMORY);
        },
        damaged: async () => {
          let damaged = 0;
          for (const item of items)
            if ((await cache.lookup(item, MODEL))?.[0]?.text !== item) damaged++;
          return damaged;
        },
        close: () => cache.close(),
      },
      {
        name: 'semantic-cache (vector-set)',
        fill: async () => {
          for (const item of items) await semantic.update(item, MODEL, [{ text: item }]);
        },
        write: async (attempt) => {
          errors.length = 0;
          await semantic.update(`new ${attempt}`, MODEL, [{ text: 'x' }]);
          return reportedFailure(errors, OUT_OF_MEMORY);
        },
        damaged: async () => {
          let damaged = 0;
          for (const item of items) {
            if ((await semantic.lookup(item, MODEL))?.[0]?.text !== item) damaged++;
          }
          return damaged;
        },
        close: () => semantic.close(),
      },
      {
        name: 'chat-history',
        fill: () => history.addMessages(items.map((item) => new HumanMessage(item))),
        write: (step) =>
          attempt(() => history.addMessage(new HumanMessage(`new ${step}`)), OUT_OF_MEMORY),
        damaged: async () => {
          const stored = (await history.getMessages()).map((message) => message.content);
          return STORED - stored.filter((text, index) => text === items[index]).length;
        },
        close: () => history.close(),
      },
      {
        name: 'vectorstore (vector-set)',
        fill: async () => {
          await store.addDocuments(
            items.map((item) => ({ pageContent: item, metadata: {} })),
            { ids: items },
          );
        },
        write: (step) =>
          attempt(
            () => store.addDocuments([{ pageContent: `new ${step}`, metadata: {} }]),
            OUT_OF_MEMORY,
          ),
        damaged: async () => {
          let damaged = 0;
          for (const item of items) {
            const [found] = await store.similaritySearch(item, 1);
            if (found?.pageContent !== item) damaged++;
          }
          return damaged;
        },
        close: () => store.close(),
      },
    );
    for (const subject of subjects) await subject.fill();
  }, 60_000);

  /**
   * Makes the server full: 1 MB of large messages in one session, then `maxmemory` set just
   * below what is used, so that every write is refused until the filler session is deleted.
   * (Filling until the first refusal leaves memory just under the limit once the refused
   * command's buffer is freed, and small writes then pass.)
   */
  async function fillUp(): Promise<number> {
    await admin.configSet('maxmemory', '0');
    const filler = new RedisChatMessageHistory({ client: admin, sessionId: 'filler' });
    await filler.addMessages(
      Array.from({ length: FILLER_MESSAGES }, () => new HumanMessage('x'.repeat(64 * 1024))),
    );
    const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);
    const limit = used - FILLER_MESSAGES * 16 * 1024;
    await admin.configSet('maxmemory', String(limit));
    return limit;
  }

  afterAll(async () => {
    await Promise.all(subjects.map((subject) => subject.close()));
    await admin?.close();
    await server?.stop();
  });

  for (const name of [
    'llm-cache',
    'semantic-cache (vector-set)',
    'chat-history',
    'vectorstore (vector-set)',
    'langgraph saver',
    'langgraph store (semantic search)',
  ]) {
    it(`${name}: writes fail with out-of-memory, reads work, nothing stored is damaged, writes work again once memory is freed`, async () => {
      const subject = subjects.find((candidate) => candidate.name === name) as Subject;
      const limit = await fillUp();
      const before = await snapshotKeyspace(admin);
      const results: StepResult[] = [];
      for (let attempt = 0; attempt < ATTEMPTS; attempt++)
        results.push(await subject.write(attempt));
      expect(results.filter((result) => result.ok)).toEqual([]);
      const damaged = await subject.damaged();
      const difference = diffKeyspaces(before, await snapshotKeyspace(admin));
      recordFigures('faults', `out of memory: ${name}`, {
        attempted: ATTEMPTS + STORED,
        succeeded: STORED,
        failedAsExpected: ATTEMPTS,
        expectedFailure: `RedisOperationError out-of-memory`,
        lost: damaged,
        detail: `maxmemory ${Math.round(limit / 1024)} KB (noeviction), 256 KB below what was used; ${ATTEMPTS} writes refused, then ${STORED} items stored before read back intact; keyspace unchanged by the refused writes (${difference.added.length} added, ${difference.changed.length} changed, ${difference.removed.length} removed)`,
      });
      expect(damaged).toBe(0);
      expect(difference).toEqual({ added: [], removed: [], changed: [] });
      // Memory freed (the filler session deleted, 1 MB): the same object writes again.
      expect(await admin.unlink('chat:session:{filler}')).toBe(1);
      expect(await subject.write(ATTEMPTS)).toEqual({ ok: true });
    });
  }
});
