import { RedisCache } from '@x/llm-cache';
import type { RedisStoreError } from '@x/redis-core';
import { RedisSemanticCache } from '@x/semantic-cache';
import { type RedisServerProcess, spawnRedisServer } from '@x/test-utils';
import { afterEach, expect, it } from 'vitest';
import { recordFigures } from '../figures.js';
import { HashEmbeddings } from '../hash-embeddings.js';
import { describeSpawned } from '../spawned-redis.js';
import {
  isDuring,
  reportedFailure,
  runThroughFault,
  type StepResult,
  summarize,
} from './fault-run.js';

/** Every write reaches the disk before it is acknowledged. */
const DURABLE = ['--appendonly', 'yes', '--appendfsync', 'always'];
const TIMEOUT_MS = 300;
/** What a busy 2-core machine may add to a deadline's timer. */
const SLACK_MS = 400;
const REASONS = ['unavailable', 'timeout'];
const WORKERS = 3;
const MODEL = '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"m"}}';

/** A cache seen as its two calls, with the errors each call reported to `onError`. */
interface CacheUnderTest {
  update(prompt: string, text: string): Promise<RedisStoreError[]>;
  lookup(prompt: string): Promise<{ text: string | null; errors: RedisStoreError[] }>;
  close(): Promise<void>;
}

/**
 * One worker alternates an update of a new prompt and a lookup of it. An acknowledged update
 * (no error reported) must be found; a lookup never returns another prompt's answer.
 */
async function killAndRestart(
  server: RedisServerProcess,
  name: string,
  makeCache: () => CacheUnderTest,
): Promise<void> {
  const caches = Array.from({ length: WORKERS }, makeCache);
  const acknowledged = new Map<string, string>();
  const updated = new Map<string, StepResult>();
  try {
    const run = await runThroughFault(
      {
        beforeMs: 700,
        duringMs: 1200,
        afterMs: 700,
        inject: () => server.kill(),
        heal: () => server.restart(),
      },
      WORKERS,
      async (worker, sequence) => {
        const cache = caches[worker] as CacheUnderTest;
        const prompt = `prompt ${worker}:${Math.floor(sequence / 2)}`;
        const text = `answer to ${prompt}`;
        if (sequence % 2 === 0) {
          const result = reportedFailure(await cache.update(prompt, text), REASONS);
          updated.set(prompt, result);
          if (result.ok) acknowledged.set(prompt, text);
          return result;
        }
        const found = await cache.lookup(prompt);
        const result = reportedFailure(found.errors, REASONS);
        // Never someone else's answer; a miss only when the update or the lookup failed.
        if (found.text !== null) expect(found.text).toBe(text);
        else if (result.ok) expect(updated.get(prompt)?.ok).toBe(false);
        return result;
      },
    );
    const summary = summarize(run.outcomes);
    expect(summary.duringCalls).toBeGreaterThan(0);
    for (const outcome of run.outcomes) {
      expect(outcome.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      if (isDuring(outcome)) expect(outcome.result.ok).toBe(false);
    }
    // After the restart, the same objects read back every acknowledged entry (the server
    // wrote each to its append-only file before acknowledging it).
    let lost = 0;
    for (const [prompt, text] of acknowledged) {
      // A lookup that reports an error (a timeout on a loaded machine) says nothing: ask again.
      let found = await (caches[0] as CacheUnderTest).lookup(prompt);
      for (let retry = 0; found.errors.length > 0 && retry < 5; retry++) {
        found = await (caches[0] as CacheUnderTest).lookup(prompt);
      }
      if (found.text !== text) lost++;
    }
    recordFigures('faults', `kill -9 and restart: ${name}`, {
      ...summary.counts,
      lost,
      detail: `down 1200 ms; slowest call ${summary.slowestMs} ms (timeoutMs ${TIMEOUT_MS}); ${summary.duringCalls} calls while down, all misses or skipped writes; working again ${Math.round(run.recoveredAfterMs)} ms after the restart with the same objects; ${acknowledged.size} acknowledged entries read back after it`,
    });
    expect(lost).toBe(0);
  } finally {
    await Promise.all(caches.map((cache) => cache.close()));
  }
}

describeSpawned('caches when the server is killed (SIGKILL) mid-run and restarted', () => {
  let server: RedisServerProcess;

  afterEach(async () => {
    await server?.stop();
  });

  it('llm-cache: misses and skipped writes within timeoutMs while down, then works again with nothing acknowledged lost', async () => {
    server = await spawnRedisServer({ args: DURABLE });
    await killAndRestart(server, 'llm-cache', () => {
      let errors: RedisStoreError[] = [];
      const cache = new RedisCache({
        url: server.url,
        timeoutMs: TIMEOUT_MS,
        onError: (error, context) => {
          if (context.operation !== 'connection') errors.push(error);
        },
      });
      return {
        async update(prompt, text) {
          errors = [];
          await cache.update(prompt, MODEL, [{ text }]);
          return errors;
        },
        async lookup(prompt) {
          errors = [];
          const found = await cache.lookup(prompt, MODEL);
          return { text: found?.[0]?.text ?? null, errors };
        },
        close: () => cache.close(),
      };
    });
  });

  it('semantic-cache (vector-set): misses and skipped writes within timeoutMs while down, then works again with nothing acknowledged lost', async () => {
    server = await spawnRedisServer({ args: DURABLE });
    await killAndRestart(server, 'semantic-cache (vector-set)', () => {
      const errors: Record<string, RedisStoreError[]> = { lookup: [], update: [] };
      const cache = new RedisSemanticCache({
        url: server.url,
        name: 'answers',
        engine: 'vector-set',
        embeddings: new HashEmbeddings(),
        timeoutMs: TIMEOUT_MS,
        onError: (error, context) => errors[context.operation]?.push(error),
      });
      return {
        async update(prompt, text) {
          errors.update = [];
          await cache.update(prompt, MODEL, [{ text }]);
          return errors.update;
        },
        async lookup(prompt) {
          errors.lookup = [];
          const found = await cache.lookup(prompt, MODEL);
          return { text: found?.[0]?.text ?? null, errors: errors.lookup };
        },
        close: () => cache.close(),
      };
    });
  });
});
