import { AIMessage, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { RedisChatMessageHistory } from '@x/chat-history';
import { type RedisServerProcess, spawnRedisServer, type TestClient } from '@x/test-utils';
import { RedisVectorStore } from '@x/vectorstore';
import { createClient } from 'redis';
import { afterEach, expect, it } from 'vitest';
import { recordFigures } from '../figures.js';
import { HashEmbeddings } from '../hash-embeddings.js';
import { describeSpawned } from '../spawned-redis.js';
import { mismatchedDocuments, readVectorSetIndex } from '../vector-set-layout.js';
import { expectedFailure, isDuring, OK, runThroughFault, summarize } from './fault-run.js';

const DURABLE = ['--appendonly', 'yes', '--appendfsync', 'always'];
const REASONS = ['unavailable'];
const WORKERS = 3;
const DOWN_MS = 1200;
/** Fail at once while disconnected, and retry the connection every 50 ms. */
const FAIL_FAST = { disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } };
const timeline = (server: RedisServerProcess) => ({
  beforeMs: 700,
  duringMs: DOWN_MS,
  afterMs: 700,
  inject: () => server.kill(),
  heal: () => server.restart(),
});

/** The text of a message, which names its writer, batch and place: `w:batch:0`. */
const textOf = (message: BaseMessage) => String(message.content);

describeSpawned('stores when the server is killed (SIGKILL) mid-run and restarted', () => {
  let server: RedisServerProcess;
  let admin: TestClient | undefined;

  afterEach(async () => {
    await admin?.close();
    admin = undefined;
    await server?.stop();
  });

  it('chat-history: typed errors while down, and every acknowledged message there after the restart', async () => {
    server = await spawnRedisServer({ args: DURABLE });
    const histories = Array.from(
      { length: WORKERS },
      (_, worker) =>
        new RedisChatMessageHistory({
          url: server.url,
          clientOptions: FAIL_FAST,
          sessionId: `session ${worker}`,
          ...(worker === 0 ? {} : { ttl: 3600, maxMessages: 1_000_000 }),
        }),
    );
    const acknowledged = histories.map(() => [] as string[]);
    const failedBatches = histories.map(() => new Set<string>());
    try {
      const run = await runThroughFault(timeline(server), WORKERS, async (worker, sequence) => {
        const history = histories[worker] as RedisChatMessageHistory;
        try {
          if (sequence % 4 === 3) {
            await history.getLastMessages(4);
            return OK;
          }
          const batch = `${worker}:${sequence}`;
          try {
            await history.addMessages([
              new HumanMessage(`${batch}:0`),
              new AIMessage(`${batch}:1`),
            ]);
          } catch (error) {
            failedBatches[worker]?.add(batch);
            throw error;
          }
          acknowledged[worker]?.push(`${batch}:0`, `${batch}:1`);
          return OK;
        } catch (error) {
          return expectedFailure(error, REASONS);
        }
      });
      const summary = summarize(run.outcomes);
      for (const outcome of run.outcomes) {
        if (isDuring(outcome)) expect(outcome.result.ok).toBe(false);
      }
      let lost = 0;
      let inDoubtApplied = 0;
      for (const [worker, history] of histories.entries()) {
        const stored = (await history.getMessages()).map(textOf);
        // No duplicates, whole batches in order, only what was written.
        expect(new Set(stored).size).toBe(stored.length);
        for (let index = 0; index < stored.length; index += 2) {
          const batch = (stored[index] ?? '').slice(0, -2);
          expect([stored[index], stored[index + 1]]).toEqual([`${batch}:0`, `${batch}:1`]);
          if (failedBatches[worker]?.has(batch)) inDoubtApplied++;
        }
        const kept = new Set(stored);
        lost += (acknowledged[worker] ?? []).filter((text) => !kept.has(text)).length;
        const acknowledgedInOrder = stored.filter(
          (text) => !failedBatches[worker]?.has(text.slice(0, -2)),
        );
        expect(acknowledgedInOrder).toEqual(acknowledged[worker]);
      }
      const messages = acknowledged.reduce((sum, texts) => sum + texts.length, 0);
      recordFigures('faults', 'kill -9 and restart: chat-history', {
        ...summary.counts,
        lost,
        detail: `down ${DOWN_MS} ms, appendfsync always; ${summary.duringCalls} calls while down, all refused at once; working again ${Math.round(run.recoveredAfterMs)} ms after the restart with the same objects; ${messages} acknowledged messages all there, in order, no duplicates; ${inDoubtApplied} batches whose call failed as the server died were applied whole`,
      });
      expect(lost).toBe(0);
    } finally {
      await Promise.all(histories.map((history) => history.close()));
    }
  });

  it('vectorstore (vector-set): typed errors while down, no hash without its vector or vector without its hash, nothing acknowledged lost', async () => {
    server = await spawnRedisServer({ args: DURABLE });
    const embeddings = new HashEmbeddings();
    const store = new RedisVectorStore(embeddings, {
      url: server.url,
      clientOptions: FAIL_FAST,
      indexName: 'docs',
      engine: 'vector-set',
      metadataSchema: [{ name: 'worker', type: 'tag' }],
    });
    const acknowledged = new Map<string, string>();
    try {
      const run = await runThroughFault(timeline(server), WORKERS, async (worker, sequence) => {
        try {
          if (sequence % 3 === 2) {
            const [content] = [...acknowledged.values()].slice(-1);
            if (content !== undefined) {
              const [found] = await store.similaritySearch(content, 1, { worker: String(worker) });
              expect(
                found === undefined || found.pageContent.startsWith(`content ${worker}:`),
              ).toBe(true);
            }
            return OK;
          }
          const ids = [0, 1, 2].map((part) => `${worker}:${sequence}:${part}`);
          const documents = ids.map((id) => ({
            pageContent: `content ${id}`,
            metadata: { worker },
          }));
          await store.addDocuments(documents, { ids, ...(sequence % 2 ? { ttl: 3600 } : {}) });
          for (const id of ids) acknowledged.set(id, `content ${id}`);
          return OK;
        } catch (error) {
          return expectedFailure(error, REASONS);
        }
      });
      const summary = summarize(run.outcomes);
      admin = createClient({ url: server.url });
      await admin.connect();
      const contents = await readVectorSetIndex(admin, 'docs');
      const mismatched = await mismatchedDocuments(admin, 'docs', contents);
      expect(mismatched).toEqual([]);
      const lost = [...acknowledged].filter(
        ([id, content]) => contents.contents.get(id) !== content,
      );
      const read = await store.getByIds([...acknowledged.keys()]);
      expect(read).toHaveLength(acknowledged.size);
      recordFigures('faults', 'kill -9 and restart: vectorstore (vector-set)', {
        ...summary.counts,
        lost: lost.length,
        detail: `down ${DOWN_MS} ms, appendfsync always; ${summary.duringCalls} calls while down, all refused at once; working again ${Math.round(run.recoveredAfterMs)} ms after the restart; ${acknowledged.size} acknowledged documents all there, ${contents.contents.size - acknowledged.size} more from calls that failed as the server died; ${contents.elements.size} elements and ${contents.contents.size} hashes, ${mismatched.length} without their other half or with another's vector`,
      });
      expect(lost).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
