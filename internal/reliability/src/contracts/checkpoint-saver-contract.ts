import type { RunnableConfig } from '@langchain/core/runnables';
import { type Checkpoint, emptyCheckpoint, uuid6 } from '@langchain/langgraph-checkpoint';
import { RedisSaver } from '@x/langgraph';
import type { ConnectionOptions } from '@x/redis-core';
import { expect } from 'vitest';
import type { ContractRun } from './contract-run.js';

function step(messages: string[], version: number): Checkpoint {
  const checkpoint = emptyCheckpoint();
  checkpoint.id = uuid6(-1);
  checkpoint.channel_values = { messages, topic: 'redis' };
  checkpoint.channel_versions = { messages: version, topic: 1 };
  return checkpoint;
}

/**
 * Every operation of `RedisSaver` through its public API, on threads with hostile ids: `put`
 * (channel values written only when they change), `putWrites` (regular and special
 * channels), `getTuple` (newest and by id, in a namespace), `list` (filter, `before`,
 * `limit`, every thread), `deleteThread`; and a `latestOnly` saver with `ttl` refreshed on read.
 */
export async function checkpointSaverContract(
  connection: ConnectionOptions,
  prefix: string,
  run: ContractRun = {},
): Promise<number> {
  const count = run.entries ?? 8;
  const threads = Array.from({ length: count }, (_, index) => `thread ${index}: {t} * ?`);
  const saver = new RedisSaver({ ...connection, prefix });
  const latest = new RedisSaver({
    ...connection,
    prefix: `${prefix}:latest`,
    latestOnly: true,
    ttl: 60,
    refreshTtlOnRead: true,
  });
  let operations = 0;
  try {
    const configs = new Map<string, RunnableConfig[]>();
    for (const thread of threads) {
      let config: RunnableConfig = { configurable: { thread_id: thread, checkpoint_ns: '' } };
      const saved: RunnableConfig[] = [];
      for (let turn = 1; turn <= 3; turn++) {
        const messages = Array.from({ length: turn }, (_, index) => `${thread} message ${index}`);
        const checkpoint = step(messages, turn);
        const changed = turn === 1 ? checkpoint.channel_versions : { messages: turn };
        config = await saver.put(
          config,
          checkpoint,
          { source: 'loop', step: turn, parents: {} },
          changed,
        );
        await saver.putWrites(config, [['messages', `${thread} pending ${turn}`]], `task-${turn}`);
        saved.push(config);
        operations += 2;
      }
      await saver.put(
        { configurable: { thread_id: thread, checkpoint_ns: 'tools:{x}' } },
        step(['in a subgraph'], 1),
        { source: 'loop', step: 1, parents: {} },
        { messages: 1, topic: 1 },
      );
      await latest.put(
        { configurable: { thread_id: thread } },
        step(['only the newest'], 1),
        { source: 'input', step: -1, parents: {} },
        { messages: 1, topic: 1 },
      );
      configs.set(thread, saved);
      operations += 2;
    }
    await run.onLoaded?.();
    for (const thread of threads) {
      const newest = await saver.getTuple({ configurable: { thread_id: thread } });
      expect(newest?.checkpoint.channel_values).toEqual({
        messages: [0, 1, 2].map((index) => `${thread} message ${index}`),
        topic: 'redis',
      });
      expect(newest?.pendingWrites).toEqual([['task-3', 'messages', `${thread} pending 3`]]);
      const first = configs.get(thread)?.[0] as RunnableConfig;
      expect((await saver.getTuple(first))?.checkpoint.channel_values.messages).toHaveLength(1);
      const listed = [];
      for await (const tuple of saver.list(
        { configurable: { thread_id: thread, checkpoint_ns: '' } },
        { filter: { source: 'loop' }, before: newest?.config, limit: 5 },
      )) {
        listed.push(tuple.metadata?.step);
      }
      expect(listed).toEqual([2, 1]);
      expect(
        (await latest.getTuple({ configurable: { thread_id: thread } }))?.checkpoint.channel_values,
      ).toEqual({
        messages: ['only the newest'],
        topic: 'redis',
      });
      operations += 4;
    }
    let everything = 0;
    for await (const _ of saver.list({ configurable: {} })) everything++;
    expect(everything).toBe(count * 4);
    await saver.deleteThread(threads[0] as string);
    expect(await saver.getTuple({ configurable: { thread_id: threads[0] } })).toBeUndefined();
    expect(await saver.getTuple({ configurable: { thread_id: threads[1] } })).toBeDefined();
    for (const thread of threads) await latest.deleteThread(thread);
    for (const thread of threads.slice(1)) await saver.deleteThread(thread);
    operations += 3 + 2 * count;
    return operations;
  } finally {
    await Promise.all([saver.close(), latest.close()]);
  }
}
