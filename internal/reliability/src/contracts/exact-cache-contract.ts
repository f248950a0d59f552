import { AIMessage } from '@langchain/core/messages';
import type { Generation } from '@langchain/core/outputs';
import { RedisCache, type RedisStoreError } from '@x/llm-cache';
import type { ConnectionOptions } from '@x/redis-core';
import { expect } from 'vitest';
import type { ContractRun } from './contract-run.js';

const MODEL = '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"a"}}';
const OTHER_MODEL = '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"b"}}';

function answers(prompt: string): Generation[] {
  return [
    { text: `first answer to ${prompt}` },
    { text: `second answer to ${prompt}`, generationInfo: { finish_reason: 'stop' } },
    {
      text: 'chat',
      message: new AIMessage({ content: `chat answer to ${prompt}`, id: 'm1' }),
    } as Generation,
  ];
}

/**
 * Every operation of `RedisCache` through its public API, with the results a user relies on:
 * misses, hits of every generation, replacement, sliding expiry (GETEX), and `clear` of one
 * model's entries and of all. No error may reach `onError`.
 */
export async function exactCacheContract(
  connection: ConnectionOptions,
  prefix: string,
  run: ContractRun = {},
): Promise<number> {
  const errors: RedisStoreError[] = [];
  const onError = (error: RedisStoreError) => errors.push(error);
  // Correctness, not speed, is checked here: a loaded CI machine must not turn into misses.
  const timeoutMs = 10_000;
  const cache = new RedisCache({ ...connection, prefix, ttl: 60, timeoutMs, onError });
  const sliding = new RedisCache({
    ...connection,
    prefix,
    ttl: 60,
    ttlMode: 'sliding',
    timeoutMs,
    onError,
  });
  let operations = 0;
  const prompts = Array.from({ length: run.entries ?? 20 }, (_, index) => `prompt ${index} {x}*`);
  try {
    for (const prompt of prompts) {
      expect(await cache.lookup(prompt, MODEL)).toBeNull();
      await cache.update(prompt, MODEL, answers(prompt));
      await cache.update(prompt, OTHER_MODEL, [{ text: `other ${prompt}` }]);
      operations += 3;
    }
    await run.onLoaded?.();
    for (const prompt of prompts) {
      const hit = await cache.lookup(prompt, MODEL);
      expect(hit?.map((generation) => generation.text)).toEqual(
        answers(prompt).map((generation) => generation.text),
      );
      expect((hit?.[2] as { message?: AIMessage } | undefined)?.message?.content).toBe(
        `chat answer to ${prompt}`,
      );
      expect((await sliding.lookup(prompt, OTHER_MODEL))?.[0]?.text).toBe(`other ${prompt}`);
      operations += 2;
    }
    const [first = ''] = prompts;
    await cache.update(first, MODEL, [{ text: 'replaced' }]);
    expect(await cache.lookup(first, MODEL)).toEqual([{ text: 'replaced' }]);
    expect(await cache.clear({ llmString: OTHER_MODEL })).toBe(prompts.length);
    expect(await cache.lookup(first, OTHER_MODEL)).toBeNull();
    expect(await cache.clear()).toBe(prompts.length);
    expect(await cache.lookup(first, MODEL)).toBeNull();
    operations += 6;
    expect(errors).toEqual([]);
    return operations;
  } finally {
    await cache.close();
    await sliding.close();
  }
}
