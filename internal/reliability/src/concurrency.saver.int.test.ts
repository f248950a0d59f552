import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RedisSaver } from '@x/langgraph';
import { redisTest } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { recordFigures } from './figures.js';

const WRITER = fileURLToPath(new URL('./workers/thread-writer.ts', import.meta.url));
const STEPS = 100;

/** Runs one writer process; resolves to the checkpoints it was acknowledged. */
function writeThread(url: string, prefix: string, thread: string, writer: string) {
  return new Promise<{ id: string; value: string }[]>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WRITER, url, prefix, thread, writer, String(STEPS)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`writer ${writer} exited ${code}: ${output}`));
      resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '[]'));
    });
  });
}

describe('concurrency (langgraph saver)', () => {
  redisTest(
    'two processes writing one thread: every acknowledged checkpoint reads back with its own values and writes',
    async ({ redis }) => {
      const thread = 'shared thread';
      const [first, second] = await Promise.all([
        writeThread(redis.url, redis.prefix, thread, 'a'),
        writeThread(redis.url, redis.prefix, thread, 'b'),
      ]);
      const acknowledged = [...(first ?? []), ...(second ?? [])];
      const saver = new RedisSaver({ client: redis.client, prefix: redis.prefix });
      let wrong = 0;
      for (const { id, value } of acknowledged) {
        const tuple = await saver.getTuple({
          configurable: { thread_id: thread, checkpoint_ns: '', checkpoint_id: id },
        });
        const whole =
          tuple?.checkpoint.channel_values.value === value &&
          tuple.pendingWrites?.length === 1 &&
          tuple.pendingWrites[0]?.[2] === `pending ${value}`;
        if (!whole) wrong++;
      }
      let listed = 0;
      for await (const _ of saver.list({ configurable: { thread_id: thread } })) listed++;
      recordFigures('concurrency', 'langgraph saver: two processes writing one thread', {
        attempted: acknowledged.length,
        succeeded: acknowledged.length,
        failedAsExpected: 0,
        expectedFailure: '',
        lost: wrong,
        detail: `2 node processes, ${STEPS} steps each (getTuple, put of a child with a new version of the channel it changed, putWrites); ${acknowledged.length} acknowledged, ${listed} listed; ${wrong} read back with another value or other writes`,
      });
      expect(acknowledged).toHaveLength(2 * STEPS);
      expect(listed).toBe(2 * STEPS);
      expect(wrong).toBe(0);
    },
    120_000,
  );
});
