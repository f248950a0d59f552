import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { RedisChatMessageHistory } from '@x/chat-history';
import { RedisCache } from '@x/llm-cache';
import type { RedisStoreError } from '@x/redis-core';
import { RedisSemanticCache } from '@x/semantic-cache';
import { type RedisServerProcess, spawnRedisServer } from '@x/test-utils';
import { RedisVectorStore } from '@x/vectorstore';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../figures.js';
import { HashEmbeddings } from '../hash-embeddings.js';
import { describeSpawned } from '../spawned-redis.js';
import {
  expectedFailure,
  isDuring,
  OK,
  reportedFailure,
  runThroughFault,
  type Step,
  summarize,
} from './fault-run.js';

const PAUSE_MS = 1500;
/** The caches' `timeoutMs`. */
const CACHE_TIMEOUT_MS = 300;
/** The stores' `timeoutMs` (every call of theirs, connecting included). */
const STORE_TIMEOUT_MS = 500;
/** What a busy 2-core machine may add to a timer. */
const SLACK_MS = 400;
const WORKERS = 3;
const MODEL = '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"m"}}';

describeSpawned('every package while the server hangs (SIGSTOP), then resumes (SIGCONT)', () => {
  let server: RedisServerProcess;
  const closers: (() => Promise<void>)[] = [];

  /** Runs `step` in {@link WORKERS} loops through one pause of the server. */
  function pauseOnce(step: Step) {
    return runThroughFault(
      {
        beforeMs: 500,
        duringMs: PAUSE_MS,
        afterMs: 500,
        inject: async () => server.pause(),
        heal: async () => server.resume(),
      },
      WORKERS,
      step,
    );
  }

  /** Runs `step` through a pause; every call must end within `boundMs` (+ slack). */
  async function pauseAndResume(name: string, boundMs: number, bound: string, step: Step) {
    const run = await pauseOnce(step);
    const summary = summarize(run.outcomes);
    recordFigures('faults', `SIGSTOP ${PAUSE_MS} ms and SIGCONT: ${name}`, {
      ...summary.counts,
      lost: 0,
      detail: `slowest call ${summary.slowestMs} ms (bound: ${bound} ${boundMs} ms); ${summary.duringCalls} calls within the pause, all failed; answering again ${Math.round(run.recoveredAfterMs)} ms after SIGCONT`,
    });
    expect(summary.slowestMs).toBeLessThan(boundMs + SLACK_MS);
    for (const outcome of run.outcomes) {
      if (isDuring(outcome)) expect(outcome.result.ok).toBe(false);
    }
    expect(summary.duringCalls).toBeGreaterThan(0);
  }

  async function cleanUp() {
    server?.resume();
    await Promise.all(closers.splice(0).map((close) => close()));
    await server?.stop();
  }

  describe('caches', () => {
    afterEach(cleanUp);

    /** One cache per worker, so that each call's errors are its own. */
    function perWorker<T>(make: (onError: (error: RedisStoreError) => void) => T) {
      return Array.from({ length: WORKERS }, () => {
        const errors: RedisStoreError[] = [];
        return { errors, cache: make((error) => errors.push(error)) };
      });
    }

    /** A step that alternates an update of a new prompt and a lookup of it. */
    function cacheStep(
      caches: { errors: RedisStoreError[]; cache: RedisCache | RedisSemanticCache }[],
    ): Step {
      return async (worker, sequence) => {
        const { errors, cache } = caches[worker] as (typeof caches)[number];
        errors.length = 0;
        const prompt = `prompt ${worker}:${sequence >> 1}`;
        if (sequence % 2 === 0) await cache.update(prompt, MODEL, [{ text: prompt }]);
        else
          expect([null, prompt]).toContain((await cache.lookup(prompt, MODEL))?.[0]?.text ?? null);
        return reportedFailure(errors, ['timeout']);
      };
    }

    it('llm-cache: every lookup and update gives up within timeoutMs', async () => {
      server = await spawnRedisServer();
      const caches = perWorker(
        (onError) => new RedisCache({ url: server.url, timeoutMs: CACHE_TIMEOUT_MS, onError }),
      );
      for (const { cache } of caches) closers.push(() => cache.close());
      await pauseAndResume('llm-cache', CACHE_TIMEOUT_MS, 'timeoutMs', cacheStep(caches));
    });

    it('semantic-cache (vector-set): every lookup and update gives up within timeoutMs', async () => {
      server = await spawnRedisServer();
      const caches = perWorker(
        (onError) =>
          new RedisSemanticCache({
            url: server.url,
            engine: 'vector-set',
            embeddings: new HashEmbeddings(),
            timeoutMs: CACHE_TIMEOUT_MS,
            onError: (error, context) => {
              if (context.operation === 'lookup' || context.operation === 'update') onError(error);
            },
          }),
      );
      for (const { cache } of caches) closers.push(() => cache.close());
      await pauseAndResume(
        'semantic-cache (vector-set)',
        CACHE_TIMEOUT_MS,
        'timeoutMs',
        cacheStep(caches),
      );
    });
  });

  /**
   * The stores fail closed: every call gives up within their `timeoutMs` with a `timeout`
   * error, and nothing acknowledged is lost. Each store's run is made once; one test checks
   * the bound, the other that nothing acknowledged was lost.
   */
  function storeScenario(
    name: string,
    setUp: () => Promise<{ step: Step; lost: () => Promise<number> }>,
  ) {
    describe(name, () => {
      let summary: ReturnType<typeof summarize> | undefined;
      let lost = -1;

      beforeAll(async () => {
        server = await spawnRedisServer();
        const { step, lost: countLost } = await setUp();
        const run = await pauseOnce(step);
        summary = summarize(run.outcomes);
        lost = await countLost();
        recordFigures('faults', `SIGSTOP ${PAUSE_MS} ms and SIGCONT: ${name}`, {
          ...summary.counts,
          lost,
          detail: `slowest call ${summary.slowestMs} ms (bound: timeoutMs ${STORE_TIMEOUT_MS} ms); ${summary.duringCalls} calls within the pause, all failed with a typed timeout; answering again ${Math.round(run.recoveredAfterMs)} ms after SIGCONT`,
        });
      }, 30_000);

      afterAll(cleanUp);

      it('nothing acknowledged is lost', () => {
        expect(lost).toBe(0);
      });

      it(`every call gives up within timeoutMs (${STORE_TIMEOUT_MS} ms)`, () => {
        expect(summary?.slowestMs).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
      });
    });
  }

  storeScenario('chat-history', async () => {
    // One plain history (a single RPUSH per write) and two with limits (a MULTI per write).
    const histories = [{}, { ttl: 3600, maxMessages: 100_000 }, { ttl: 3600 }].map(
      (limits, worker) =>
        new RedisChatMessageHistory({
          url: server.url,
          timeoutMs: STORE_TIMEOUT_MS,
          sessionId: `session ${worker}`,
          ...limits,
        }),
    );
    for (const history of histories) closers.push(() => history.close());
    const acknowledged = histories.map(() => [] as string[]);
    return {
      step: async (worker, sequence) => {
        const history = histories[worker] as RedisChatMessageHistory;
        try {
          if (sequence % 3 === 2) {
            await history.getLastMessages(2);
          } else {
            const text = `${worker}:${sequence}`;
            await history.addMessages([new HumanMessage(text), new AIMessage(text)]);
            acknowledged[worker]?.push(text, text);
          }
          return OK;
        } catch (error) {
          return expectedFailure(error, ['timeout']);
        }
      },
      lost: async () => {
        let missing = 0;
        for (const [worker, history] of histories.entries()) {
          const stored = (await history.getMessages()).map((message) => String(message.content));
          const expected = acknowledged[worker] ?? [];
          missing += expected.length - stored.filter((text) => expected.includes(text)).length;
        }
        return missing;
      },
    };
  });

  storeScenario('vectorstore (vector-set)', async () => {
    const store = new RedisVectorStore(new HashEmbeddings(), {
      url: server.url,
      timeoutMs: STORE_TIMEOUT_MS,
      indexName: 'docs',
      engine: 'vector-set',
    });
    closers.push(() => store.close());
    const acknowledged: string[] = [];
    return {
      step: async (worker, sequence) => {
        try {
          const id = `${worker}:${sequence}`;
          if (sequence % 2) {
            const [found] = await store.similaritySearch(acknowledged.at(-1) ?? 'none', 1);
            expect(found === undefined || acknowledged.includes(found.pageContent)).toBe(true);
          } else {
            await store.addDocuments([{ pageContent: id, metadata: {} }], { ids: [id] });
            acknowledged.push(id);
          }
          return OK;
        } catch (error) {
          return expectedFailure(error, ['timeout']);
        }
      },
      lost: async () => acknowledged.length - (await store.getByIds(acknowledged)).length,
    };
  });
});
