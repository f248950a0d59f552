import type { RunnableConfig } from '@langchain/core/runnables';
import {
  type Checkpoint,
  type CheckpointMetadata,
  emptyCheckpoint,
  JsonPlusSerializer,
  MemorySaver,
  uuid6,
} from '@langchain/langgraph-checkpoint';
import { RedisSaver } from '@x/langgraph';
import { createClient, RESP_TYPES } from 'redis';
import { type BenchCase, type BenchSuite, inFlightCase, latencies, quantile } from '../harness.js';

/** Threads the cases spread their steps over, and steps in flight: a busy agent server. */
const THREADS = 64;
const CONCURRENCY = 16;
/** The issue's target for `put` + `putWrites` and `getTuple`, as a throughput ratio to raw. */
const TARGET = 0.8;
const serde = new JsonPlusSerializer();

/** A step of a conversation: ten messages of about 100 characters, and a channel that stays. */
function stepOf(turn: number): { checkpoint: Checkpoint; metadata: CheckpointMetadata } {
  const checkpoint = emptyCheckpoint();
  checkpoint.id = uuid6(-1);
  checkpoint.channel_values = {
    messages: Array.from({ length: 10 }, (_, index) => ({
      role: index % 2 ? 'assistant' : 'user',
      content: `Turn ${turn}, message ${index}: light layers, a rain jacket, comfortable shoes for the hills.`,
    })),
    topic: 'travel',
  };
  checkpoint.channel_versions = { messages: turn + 1, topic: 1 };
  return { checkpoint, metadata: { source: 'loop', step: turn, parents: {} } };
}

/** What the hand-written side sends for a step, its payloads serialized once beforehand. */
async function rawStep(prefix: string) {
  const { checkpoint, metadata } = stepOf(1);
  const [, checkpointBytes] = await serde.dumpsTyped({ ...checkpoint, channel_values: {} });
  const [, metadataBytes] = await serde.dumpsTyped(metadata);
  const [, messagesBytes] = await serde.dumpsTyped(checkpoint.channel_values.messages);
  const [, writeBytes] = await serde.dumpsTyped('pending');
  return (thread: number, id: string) => {
    const tag = `{t${thread}}`;
    const key = `${prefix}:raw:checkpoint:${tag}::${id}`;
    return {
      step: [
        ['DEL', key],
        [
          'HSET',
          key,
          'type',
          'json',
          'checkpoint',
          Buffer.from(checkpointBytes),
          'metadata_type',
          'json',
          'metadata',
          Buffer.from(metadataBytes),
        ],
        ['ZADD', `${prefix}:raw:checkpoints:${tag}:`, '0', id],
        ['SADD', `${prefix}:raw:namespaces:${tag}`, ''],
        [
          'HSET',
          `${prefix}:raw:blobs:${tag}:`,
          JSON.stringify(['messages', 2]),
          Buffer.from(messagesBytes),
        ],
      ],
      write: [
        'HSETNX',
        `${prefix}:raw:writes:${tag}::${id}`,
        JSON.stringify(['task', 0]),
        Buffer.from(writeBytes),
      ],
    };
  };
}

/** RedisSaver's writes and reads against the same commands by hand, and LangGraph's MemorySaver. */
export const langgraphSuite: BenchSuite = {
  name: 'langgraph',
  async setup({ url, quick, prefix, record }) {
    const client = createClient({ url });
    await client.connect();
    const ours = new RedisSaver({ client, prefix: `${prefix}:ours` });
    const memory = new MemorySaver();
    const operations = quick ? 1_000 : 8_000;
    const thread = (index: number): RunnableConfig => ({
      configurable: { thread_id: `t${index % THREADS}`, checkpoint_ns: '' },
    });
    const measure = (
      name: string,
      kind: BenchCase['kind'],
      task: (index: number) => Promise<unknown>,
    ) => inFlightCase(name, kind, operations, CONCURRENCY, task);

    const raw = await rawStep(prefix);
    const rawName =
      'raw: the same MULTI (payloads serialized beforehand), then HSETNX of the write';
    const serializedName = 'raw: the same, serializing each step with JsonPlusSerializer';
    const step = async (saver: RedisSaver | MemorySaver, index: number) => {
      const { checkpoint, metadata } = stepOf(index);
      const config = await saver.put(thread(index), checkpoint, metadata, { messages: index + 1 });
      await saver.putWrites(config, [['messages', 'pending']], 'task');
    };
    /** The hand-written step: serializing it first or not. */
    const rawWrite = async (index: number, serialize: boolean) => {
      const { checkpoint, metadata } = stepOf(index);
      if (serialize) {
        await Promise.all([
          serde.dumpsTyped({ ...checkpoint, channel_values: {} }),
          serde.dumpsTyped(metadata),
          serde.dumpsTyped(checkpoint.channel_values.messages),
          serde.dumpsTyped('pending'),
        ]);
      }
      const { step: commands, write } = raw(index % THREADS, checkpoint.id);
      const multi = client.multi();
      for (const command of commands) multi.addCommand(command);
      await multi.exec();
      await client.sendCommand(write);
    };
    const writeCases: BenchCase[] = [
      measure(rawName, 'raw', (index) => rawWrite(index, false)),
      measure(serializedName, 'raw', (index) => rawWrite(index, true)),
      measure('ours: put + putWrites', 'ours', (index) => step(ours, index)),
      measure('LangGraph MemorySaver (in process, for scale)', 'langchain', (index) =>
        step(memory, index),
      ),
    ];
    for (let index = 0; index < THREADS; index++) {
      await step(ours, index);
      await step(memory, index);
    }
    const readName =
      'raw: ZRANGE of the newest id, then HGETALL of it and its writes, HMGET of its values';
    const asBuffers = {
      typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.MAP]: Array },
    };
    /** The hand-written read of a thread's newest checkpoint, its bytes deserialized or not. */
    const rawRead = async (index: number, deserialize: boolean) => {
      const tag = `{t${index % THREADS}}`;
      const base = `${prefix}:ours`;
      const newest = [
        'ZRANGE',
        `${base}:checkpoints:${tag}:`,
        '+',
        '-',
        'BYLEX',
        'REV',
        'LIMIT',
        '0',
        '1',
      ];
      const [id] = (await client.sendCommand(newest)) as string[];
      const bytes = client.withCommandOptions(asBuffers);
      const [checkpoint, writes] = (await Promise.all([
        bytes.sendCommand(['HGETALL', `${base}:checkpoint:${tag}::${id}`]),
        bytes.sendCommand(['HGETALL', `${base}:writes:${tag}::${id}`]),
      ])) as unknown as Buffer[][];
      const fields = [JSON.stringify(['messages', 2]), JSON.stringify(['topic', 1])];
      const values = (await bytes.sendCommand([
        'HMGET',
        `${base}:blobs:${tag}:`,
        ...fields,
      ])) as unknown as Buffer[];
      if (!deserialize) return;
      const loads = (value: Buffer | undefined) =>
        value ? serde.loadsTyped('json', value) : undefined;
      const field = (name: string) =>
        checkpoint?.[
          (checkpoint ?? []).findIndex((item, at) => at % 2 === 0 && String(item) === name) + 1
        ];
      const record = (value: Buffer | undefined) => value?.subarray(value.indexOf(10) + 1);
      await Promise.all([
        loads(field('checkpoint')),
        loads(field('metadata')),
        ...(writes ?? []).filter((_, at) => at % 2 === 1).map((value) => loads(record(value))),
        ...values.map((value) => loads(record(value))),
      ]);
    };
    const readCases: BenchCase[] = [
      measure(readName, 'raw', (index) => rawRead(index, false)),
      measure(`${readName}, deserialized`, 'raw', (index) => rawRead(index, true)),
      measure('ours: getTuple (newest)', 'ours', (index) => ours.getTuple(thread(index))),
      measure('LangGraph MemorySaver (in process, for scale)', 'langchain', (index) =>
        memory.getTuple(thread(index)),
      ),
    ];

    // A long thread: list() of all its checkpoints, and the memory each takes.
    const long = quick ? 200 : 1_000;
    const before = Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]);
    let config: RunnableConfig = { configurable: { thread_id: 'long', checkpoint_ns: '' } };
    for (let turn = 0; turn < long; turn++) {
      const { checkpoint, metadata } = stepOf(turn);
      config = await ours.put(
        config,
        checkpoint,
        metadata,
        turn === 0 ? checkpoint.channel_versions : { messages: turn + 1 },
      );
    }
    const after = Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]);
    const scope = `one thread of ${long.toLocaleString('en-US')} checkpoints (10 messages of state each)`;
    record({
      name: 'memory per checkpoint (all keys)',
      scope,
      value: (after - before) / long,
      unit: 'bytes',
    });
    const listAll = async () => {
      let count = 0;
      for await (const _ of ours.list({ configurable: { thread_id: 'long' } })) count++;
      if (count !== long) throw new Error(`list() gave ${count} of ${long} checkpoints`);
    };
    const listed = await latencies(quick ? 3 : 10, listAll, 2);
    record({
      name: 'list() of every checkpoint, p50',
      scope,
      value: quantile(listed, 0.5),
      unit: 'ms',
    });

    return {
      groups: [
        {
          name: `langgraph saver: a step (put + putWrites), ${CONCURRENCY} in flight over ${THREADS} threads, steps/s`,
          short: 'langgraph saver: put + putWrites',
          baseline: rawName,
          cases: writeCases,
          targets: [
            {
              case: 'ours: put + putWrites',
              min: TARGET,
              label: `saver put + putWrites ≥ ${TARGET}× the raw commands`,
              limit: (ratio) =>
                `serializing the step: the same commands serializing each step with JsonPlusSerializer run at ${ratio(serializedName).toFixed(2)}×; ours is ${(ratio('ours: put + putWrites') / ratio(serializedName)).toFixed(2)}× of that`,
            },
          ],
        },
        {
          name: `langgraph saver: getTuple of a thread's newest checkpoint, ${CONCURRENCY} in flight, reads/s`,
          short: 'langgraph saver: getTuple',
          baseline: readName,
          cases: readCases,
          targets: [
            {
              case: 'ours: getTuple (newest)',
              min: TARGET,
              label: `saver getTuple ≥ ${TARGET}× the raw commands`,
              limit: (ratio) =>
                `deserializing the checkpoint, its metadata, writes and values: the same reads deserialized run at ${ratio(`${readName}, deserialized`).toFixed(2)}×; ours is ${(ratio('ours: getTuple (newest)') / ratio(`${readName}, deserialized`)).toFixed(2)}× of that`,
            },
          ],
        },
      ],
      teardown: async () => {
        await client.close();
      },
    };
  },
};
