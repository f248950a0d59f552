import type { RunnableConfig } from '@langchain/core/runnables';
import {
  type Checkpoint,
  type CheckpointMetadata,
  emptyCheckpoint,
  uuid6,
} from '@langchain/langgraph-checkpoint';
import { CorruptDataError, InvalidArgumentError, InvalidKeyError } from '@x/redis-core';
import { redisTest } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { RedisSaver } from './redis-saver.js';

const metadata = (step: number): CheckpointMetadata => ({ source: 'loop', step, parents: {} });

function checkpointWith(values: Record<string, unknown>): Checkpoint {
  const checkpoint = emptyCheckpoint();
  checkpoint.id = uuid6(-1);
  checkpoint.channel_values = values;
  checkpoint.channel_versions = Object.fromEntries(Object.keys(values).map((key) => [key, 1]));
  return checkpoint;
}

/** Every channel of the checkpoint as new: all its values are written. */
const allNew = (checkpoint: Checkpoint) => checkpoint.channel_versions;

/** Puts a new checkpoint holding `values`, every channel written. */
function putValues(saver: RedisSaver, config: RunnableConfig, values: Record<string, unknown>) {
  const checkpoint = checkpointWith(values);
  return saver.put(config, checkpoint, metadata(0), allNew(checkpoint));
}

const at = (thread_id: string, checkpoint_ns = '', checkpoint_id?: string): RunnableConfig => ({
  configurable: { thread_id, checkpoint_ns, ...(checkpoint_id ? { checkpoint_id } : {}) },
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('RedisSaver', () => {
  redisTest('keeps a thread across saver instances (a restart)', async ({ redis }) => {
    const first = new RedisSaver({ client: redis.client, prefix: redis.prefix });
    const one = checkpointWith({ messages: ['hi'] });
    const saved = await first.put(at('t'), one, metadata(0), allNew(one));
    await first.putWrites(saved, [['messages', 'hello']], 'task-1');
    const two = checkpointWith({ messages: ['hi', 'hello'] });
    await first.put(saved, two, metadata(1), allNew(two));

    const second = new RedisSaver({ client: redis.client, prefix: redis.prefix });
    const newest = await second.getTuple(at('t'));
    expect(newest?.checkpoint).toEqual(two);
    expect(newest?.parentConfig?.configurable?.checkpoint_id).toBe(one.id);
    const parent = await second.getTuple(at('t', '', one.id));
    expect(parent?.pendingWrites).toEqual([['task-1', 'messages', 'hello']]);
    expect((await collect(second.list(at('t')))).map((tuple) => tuple.checkpoint.id)).toEqual([
      two.id,
      one.id,
    ]);
  });

  redisTest(
    'keeps hostile thread ids and namespaces apart, and a delete deletes only its own',
    async ({ redis }) => {
      const saver = new RedisSaver({ client: redis.client, prefix: redis.prefix });
      const threads = ['*', '?', '[a]', '{a}', 'a:b', 'a', 'A', 'é', '👩‍💻', ' ', 'a\\*', '%2A'];
      for (const thread of threads) {
        for (const namespace of ['', '*', 'a:b', '{x}']) {
          await putValues(saver, at(thread, namespace), { who: thread });
        }
      }
      for (const thread of threads) {
        const tuples = await collect(saver.list({ configurable: { thread_id: thread } }));
        expect(tuples).toHaveLength(4);
        expect(tuples.every((tuple) => tuple.checkpoint.channel_values.who === thread)).toBe(true);
      }
      await saver.deleteThread('*');
      expect(await saver.getTuple(at('*'))).toBeUndefined();
      for (const thread of threads.filter((thread) => thread !== '*')) {
        expect((await saver.getTuple(at(thread, '{x}')))?.checkpoint.channel_values.who).toBe(
          thread,
        );
      }
      expect(await collect(saver.list({ configurable: {} }))).toHaveLength(
        (threads.length - 1) * 4,
      );
      // The delete took exactly the 13 keys of thread `*` (its namespace set, and per namespace
      // its index, checkpoint and values): the 11 others keep theirs, each under one hash tag.
      const keys = await redis.client.keys(`${redis.prefix}:*`);
      expect(keys).toHaveLength(11 * 13);
      expect(keys.every((key) => /^[^{}]*\{[^{}]+\}[^{}]*$/.test(key))).toBe(true);
    },
  );

  redisTest(
    'refuses what cannot be a key, with a typed error, before writing',
    async ({ redis }) => {
      const saver = new RedisSaver({ client: redis.client, prefix: redis.prefix });
      const checkpoint = checkpointWith({});
      await expect(
        saver.put({ configurable: {} }, checkpoint, metadata(0), allNew(checkpoint)),
      ).rejects.toThrow(InvalidArgumentError);
      await expect(saver.put(at(''), checkpoint, metadata(0), allNew(checkpoint))).rejects.toThrow(
        InvalidKeyError,
      );
      await expect(
        saver.put(at('\ud800'), checkpoint, metadata(0), allNew(checkpoint)),
      ).rejects.toThrow(InvalidKeyError);
      await expect(saver.putWrites(at('t'), [['a', 1]], 'task')).rejects.toThrow(/checkpoint_id/);
      await expect(saver.deleteThread(42 as unknown as string)).rejects.toThrow(InvalidKeyError);
      await expect(collect(saver.list(at('t'), { limit: -1 }))).rejects.toThrow(
        InvalidArgumentError,
      );
      expect(() => new RedisSaver({ client: redis.client, prefix: 'a b' })).toThrow(
        InvalidKeyError,
      );
      expect(() => new RedisSaver({ client: redis.client, refreshTtlOnRead: true })).toThrow(/ttl/);
      expect(await redis.client.keys(`${redis.prefix}*`)).toEqual([]);
    },
  );

  redisTest('latestOnly keeps the newest checkpoint of each namespace', async ({ redis }) => {
    const saver = new RedisSaver({ client: redis.client, prefix: redis.prefix, latestOnly: true });
    let config = at('t');
    const written: Checkpoint[] = [];
    for (let step = 0; step < 5; step++) {
      const checkpoint = checkpointWith({ step, constant: 'kept' });
      // `constant` never changes: its value stays at version 1, written by the first put only.
      checkpoint.channel_versions = { step: step + 1, constant: 1 };
      written.push(checkpoint);
      const changed = step === 0 ? allNew(checkpoint) : { step: step + 1 };
      config = await saver.put(config, checkpoint, metadata(step), changed);
      await saver.putWrites(config, [['step', step]], `task-${step}`);
    }
    await putValues(saver, at('t', 'child'), { child: true });
    const tuples = await collect(saver.list({ configurable: { thread_id: 't' } }));
    expect(tuples.map((tuple) => tuple.checkpoint.id).sort()).toEqual(
      [
        written[4]?.id,
        tuples.find((tuple) => tuple.config.configurable?.checkpoint_ns === 'child')?.checkpoint.id,
      ].sort(),
    );
    const newest = await saver.getTuple(at('t'));
    expect(newest?.pendingWrites).toEqual([['task-4', 'step', 4]]);
    expect(newest?.checkpoint.channel_values).toEqual({ step: 4, constant: 'kept' });
    // Only the values the newest checkpoint names are left.
    expect(await redis.client.hLen(`${redis.prefix}:blobs:{t}:`)).toBe(2);
    expect(await saver.getTuple(at('t', '', written[3]?.id))).toBeUndefined();
    // One checkpoint hash and one writes hash per namespace, the thread's index keys beside.
    expect(await redis.client.keys(`${redis.prefix}:checkpoint:*`)).toHaveLength(2);
    expect(await redis.client.keys(`${redis.prefix}:writes:*`)).toHaveLength(1);
  });

  redisTest('expires a thread ttl after its last write, refreshed by reads', async ({ redis }) => {
    const saver = new RedisSaver({
      client: redis.client,
      prefix: redis.prefix,
      ttl: 60,
      refreshTtlOnRead: true,
    });
    const config = await putValues(saver, at('t'), { a: 1 });
    await saver.putWrites(config, [['a', 2]], 'task');
    // The checkpoint, its writes, and the namespace's index, channel values and registration.
    const keys = await redis.client.keys(`${redis.prefix}:*{*`);
    expect(keys.length).toBe(5);
    for (const key of keys) {
      const ttl = await redis.client.pTTL(key);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    for (const key of keys) await redis.client.pExpire(key, 10_000);
    await saver.getTuple(at('t'));
    for (const key of keys) expect(await redis.client.pTTL(key)).toBeGreaterThan(55_000);
  });

  redisTest('reports damaged data as CorruptDataError naming the key', async ({ redis }) => {
    const saver = new RedisSaver({ client: redis.client, prefix: redis.prefix });
    const config = await putValues(saver, at('t'), { a: 1 });
    const id = config.configurable?.checkpoint_id as string;
    await redis.client.hSet(`${redis.prefix}:checkpoint:{t}::${id}`, 'checkpoint', 'not json');
    const failure = await saver.getTuple(at('t')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CorruptDataError);
    expect((failure as CorruptDataError).key).toBe(`${redis.prefix}:checkpoint:{t}::${id}`);
  });
});
