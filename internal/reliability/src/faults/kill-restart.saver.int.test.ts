import type { RunnableConfig } from '@langchain/core/runnables';
import { emptyCheckpoint, uuid6 } from '@langchain/langgraph-checkpoint';
import { RedisSaver } from '@x/langgraph';
import { type RedisServerProcess, spawnRedisServer } from '@x/test-utils';
import { afterEach, expect, it } from 'vitest';
import { recordFigures } from '../figures.js';
import { describeSpawned } from '../spawned-redis.js';
import { expectedFailure, isDuring, OK, runThroughFault, summarize } from './fault-run.js';

const DURABLE = ['--appendonly', 'yes', '--appendfsync', 'always'];
const WORKERS = 3;
const DOWN_MS = 1200;
/** Fail at once while disconnected, and retry the connection every 50 ms. */
const FAIL_FAST = { disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } };

describeSpawned('the LangGraph saver when the server is killed (SIGKILL) mid-run', () => {
  let server: RedisServerProcess;

  afterEach(async () => {
    await server?.stop();
  });

  it('langgraph saver: typed errors while down, every acknowledged checkpoint whole after the restart', async () => {
    server = await spawnRedisServer({ args: DURABLE });
    const saver = new RedisSaver({ url: server.url, clientOptions: FAIL_FAST });
    // Per thread: the config of its newest acknowledged checkpoint, and each acknowledged step.
    const heads = Array.from(
      { length: WORKERS },
      (_, worker): RunnableConfig => ({
        configurable: { thread_id: `thread ${worker}` },
      }),
    );
    const acknowledged = new Map<string, { step: number; writes: boolean }>();
    const started = heads.map(() => false);
    try {
      const run = await runThroughFault(
        {
          beforeMs: 700,
          duringMs: DOWN_MS,
          afterMs: 700,
          inject: () => server.kill(),
          heal: () => server.restart(),
        },
        WORKERS,
        async (worker, sequence) => {
          try {
            if (sequence % 4 === 3) {
              await saver.getTuple(heads[worker] as RunnableConfig);
              return OK;
            }
            const checkpoint = emptyCheckpoint();
            checkpoint.id = uuid6(-1);
            checkpoint.channel_values = { step: sequence, worker };
            checkpoint.channel_versions = { step: sequence + 1, worker: 1 };
            // A thread's first acknowledged put writes every channel; the later ones, `step`.
            const changed = started[worker] ? { step: sequence + 1 } : checkpoint.channel_versions;
            const metadata = { source: 'loop' as const, step: sequence, parents: {} };
            const config = await saver.put(
              heads[worker] as RunnableConfig,
              checkpoint,
              metadata,
              changed,
            );
            acknowledged.set(checkpoint.id, { step: sequence, writes: false });
            started[worker] = true;
            heads[worker] = config;
            await saver.putWrites(config, [['step', `pending ${sequence}`]], `task ${sequence}`);
            acknowledged.set(checkpoint.id, { step: sequence, writes: true });
            return OK;
          } catch (error) {
            return expectedFailure(error, ['unavailable']);
          }
        },
      );
      const summary = summarize(run.outcomes);
      for (const outcome of run.outcomes) {
        if (isDuring(outcome)) expect(outcome.result.ok).toBe(false);
      }
      // Every checkpoint the index lists reads back whole: its values at the versions it names,
      // a parent that exists (or none), its writes when they were acknowledged.
      const stored = new Map<string, number>();
      let parentsMissing = 0;
      for (let worker = 0; worker < WORKERS; worker++) {
        for await (const tuple of saver.list({ configurable: { thread_id: `thread ${worker}` } })) {
          const values = tuple.checkpoint.channel_values as { step: number; worker: number };
          expect(values).toEqual({ step: tuple.metadata?.step, worker });
          stored.set(tuple.checkpoint.id, values.step);
          const parent = tuple.parentConfig;
          if (parent !== undefined && (await saver.getTuple(parent)) === undefined)
            parentsMissing++;
          const known = acknowledged.get(tuple.checkpoint.id);
          if (known?.writes) {
            expect(tuple.pendingWrites).toEqual([
              [`task ${known.step}`, 'step', `pending ${known.step}`],
            ]);
          }
        }
      }
      const lost = [...acknowledged.keys()].filter((id) => !stored.has(id)).length;
      recordFigures('faults', 'kill -9 and restart: langgraph saver', {
        ...summary.counts,
        lost,
        detail: `down ${DOWN_MS} ms, appendfsync always; ${summary.duringCalls} calls while down, all refused at once; working again ${Math.round(run.recoveredAfterMs)} ms after the restart; ${acknowledged.size} acknowledged checkpoints all there and whole (values at the versions they name, writes when acknowledged), ${stored.size - acknowledged.size} more from puts that failed as the server died; ${parentsMissing} parents missing`,
      });
      expect(lost).toBe(0);
      expect(parentsMissing).toBe(0);
    } finally {
      await saver.close();
    }
  });
});
