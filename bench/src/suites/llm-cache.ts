import {
  AIMessage,
  mapChatMessagesToStoredMessages,
  mapStoredMessagesToChatMessages,
} from '@langchain/core/messages';
import type { ChatGeneration, Generation } from '@langchain/core/outputs';
import { RedisCache as LangChainCache } from '@langchain/redis';
import { RedisCache } from '@x/llm-cache';
import { Deadlines, hashText } from '@x/redis-core/internal';
import { createClient } from 'redis';
import { type BenchCase, type BenchGroup, type BenchSuite, inFlightCase } from '../harness.js';

/** Calls in flight, as the issue measures: a busy app server. */
const CONCURRENCY = 64;
/** Distinct prompts the cases cycle through. */
const PROMPTS = 1_000;
const TTL_SECONDS = 3_600;
/** The deadline every lookup of ours runs within (RedisCache's default `timeoutMs`). */
const TIMEOUT_MS = 1_000;
/** The model settings LangChain passes as `llmString` (a serialized model config). */
const LLM_STRING =
  '{"lc":1,"type":"constructor","id":["langchain","chat_models","openai","ChatOpenAI"],"kwargs":{"model":"gpt-4o-mini","temperature":0}}---[("stop", None)]';

const ANSWER = 'Redis keeps the cache in memory and answers in well under a millisecond. '.repeat(
  14,
);

/** A 1 KB completion as a text LLM returns it (the seeds' `OpenAI` model). */
function textGeneration(): Generation {
  return { text: ANSWER, generationInfo: { finish_reason: 'stop' } };
}

/** A 1 KB chat answer as a provider returns it, with usage and metadata. */
function chatGeneration(): ChatGeneration {
  return {
    text: ANSWER,
    message: new AIMessage({
      content: ANSWER,
      id: 'chatcmpl-1',
      response_metadata: { model_name: 'gpt-4o-mini', finish_reason: 'stop' },
      usage_metadata: { input_tokens: 24, output_tokens: 230, total_tokens: 254 },
    }),
    generationInfo: { finish_reason: 'stop' },
  };
}

/** What raw node-redis must do to store a chat generation: LangChain's stored form as JSON. */
function rawSerialize(generation: ChatGeneration): string {
  const [message] = mapChatMessagesToStoredMessages([generation.message]);
  return JSON.stringify({
    text: generation.text,
    generationInfo: generation.generationInfo,
    message,
  });
}

/** ... and to read it back into a message. */
function rawDeserialize(text: string): ChatGeneration {
  const { message, ...rest } = JSON.parse(text);
  const [rebuilt] = mapStoredMessagesToChatMessages([message]);
  return { ...rest, message: rebuilt };
}

/** Lookups and updates of the exact cache, against raw node-redis and @langchain/redis. */
export const llmCacheSuite: BenchSuite = {
  name: 'llm-cache',
  async setup({ url, quick, prefix }) {
    // One client for every case, so that only what each does with it differs.
    const client = createClient({ url });
    await client.connect();
    const ours = new RedisCache({ client, prefix: `${prefix}:ours`, ttl: TTL_SECONDS });
    // Deprecated and without options (no ttl, no prefix); it only calls get and set.
    const langChain = new LangChainCache(
      client as unknown as ConstructorParameters<typeof LangChainCache>[0],
    );
    const operations = quick ? 2_000 : 20_000;
    const measure = (
      name: string,
      kind: BenchCase['kind'],
      task: (index: number) => Promise<unknown>,
    ) => inFlightCase(name, kind, operations, CONCURRENCY, task);
    const setEx = (key: string, value: string) =>
      client.set(key, value, { expiration: { type: 'EX', value: TTL_SECONDS } });
    const langChainKeys: string[] = [];

    /** The lookup and update groups of one kind of generation. */
    const groupsOf = async (
      kind: 'text' | 'chat',
      generation: Generation,
    ): Promise<BenchGroup[]> => {
      const generations = [generation];
      const prompts = Array.from({ length: PROMPTS }, (_, index) => `${kind} question ${index}`);
      const rawKeys = prompts.map((_, index) => `${prefix}:raw:${kind}:${index}`);
      const prompt = (index: number) => prompts[index % PROMPTS] ?? '';
      const rawKey = (index: number) => rawKeys[index % PROMPTS] ?? '';
      const preSerialized =
        kind === 'chat' ? rawSerialize(generation as ChatGeneration) : JSON.stringify(generation);
      for (let start = 0; start < PROMPTS; start += CONCURRENCY) {
        await Promise.all(
          prompts.slice(start, start + CONCURRENCY).map(async (text, offset) => {
            await setEx(rawKey(start + offset), preSerialized);
            await ours.update(text, LLM_STRING, generations);
            await langChain.update(text, LLM_STRING, generations);
          }),
        );
      }
      for (const text of prompts) {
        // @langchain/redis keys are bare hashes, outside the suite's prefix: keep them to delete.
        langChainKeys.push(langChainKey(langChain, text, 0), langChainKey(langChain, text, 1));
      }

      const rawGet = 'raw GET + JSON.parse';
      const lookupBaseline = kind === 'chat' ? `${rawGet} + message rebuild` : rawGet;
      const parse = (value: string | null) =>
        kind === 'chat' ? rawDeserialize(value ?? 'null') : JSON.parse(value ?? 'null');
      // What ours does beyond the baseline, added one step at a time: the key is a SHA-256 of
      // the prompt, computed per lookup (the raw keys exist, so only the hashing is added), and
      // every lookup is bounded by a deadline.
      const hashed = `${lookupBaseline}, the prompt hashed per call`;
      const bounded = `${hashed}, within a deadline`;
      const deadlines = new Deadlines(TIMEOUT_MS);
      const hashedKey = (index: number) => {
        hashText(prompt(index));
        return rawKey(index);
      };
      const rawSet = 'raw SET EX';
      const updateBaseline = kind === 'chat' ? `raw message serialize + ${rawSet}` : rawSet;
      const lookupCases = [
        measure(lookupBaseline, 'raw', async (index) => parse(await client.get(rawKey(index)))),
        measure(hashed, 'raw', async (index) => parse(await client.get(hashedKey(index)))),
        measure(bounded, 'raw', async (index) =>
          parse(await deadlines.run(() => client.get(hashedKey(index)), 'raw GET')),
        ),
        ...(kind === 'chat'
          ? [
              measure(rawGet, 'raw', async (index) =>
                JSON.parse((await client.get(rawKey(index))) ?? 'null'),
              ),
            ]
          : []),
        measure('ours: lookup', 'ours', (index) => ours.lookup(prompt(index), LLM_STRING)),
        measure('@langchain/redis: lookup', 'langchain', (index) =>
          langChain.lookup(prompt(index), LLM_STRING),
        ),
      ];
      const updateCases = [
        measure(updateBaseline, 'raw', (index) =>
          setEx(
            rawKey(index),
            kind === 'chat' ? rawSerialize(generation as ChatGeneration) : preSerialized,
          ),
        ),
        ...(kind === 'chat'
          ? [
              measure(`${rawSet}, pre-serialized`, 'raw', (index) =>
                setEx(rawKey(index), preSerialized),
              ),
            ]
          : []),
        measure('ours: update (with ttl)', 'ours', (index) =>
          ours.update(prompt(index), LLM_STRING, generations),
        ),
        measure('@langchain/redis: update (no ttl)', 'langchain', (index) =>
          langChain.update(prompt(index), LLM_STRING, generations),
        ),
      ];
      return [
        {
          name: `lookup hit, 1 KB ${kind} generation, ${CONCURRENCY} in flight; target ours ≥ 0.85× raw`,
          baseline: lookupBaseline,
          cases: lookupCases,
          short: `exact cache: ${kind} lookup hit`,
          targets: [
            {
              case: 'ours: lookup',
              min: 0.85,
              label: `exact-cache hits (${kind}) ≥ 0.85× raw GET + parse`,
              limit: (ratio) =>
                `what ours does beyond the baseline, measured step by step: hashing the prompt (SHA-256) per lookup brings the raw GET + parse to ${ratio(hashed).toFixed(2)}×, bounding each call by a deadline (timeoutMs) to ${ratio(bounded).toFixed(2)}×; ours runs at ${ratio('ours: lookup').toFixed(2)}×, the rest being the check of the stored form and the rebuilding of each generation${kind === 'chat' ? ' and message' : ''}.`,
            },
          ],
        },
        {
          name: `update, 1 KB ${kind} generation, ${CONCURRENCY} in flight; target ours ≥ 0.7× raw`,
          baseline: updateBaseline,
          cases: updateCases,
          short: `exact cache: ${kind} update`,
          targets: [
            {
              case: 'ours: update (with ttl)',
              min: 0.7,
              label: `cache updates (${kind}) ≥ 0.7× raw SET EX`,
              limit: (ratio) =>
                kind === 'chat'
                  ? `serializing the chat message is client CPU: a pre-serialized SET EX runs at ${ratio(`${rawSet}, pre-serialized`).toFixed(2)}× of the baseline that serializes.`
                  : 'building the key (a SHA-256 of prompt and model) and the JSON value.',
            },
          ],
        },
      ];
    };

    const groups = [
      ...(await groupsOf('text', textGeneration())),
      ...(await groupsOf('chat', chatGeneration())),
    ];
    return {
      groups,
      teardown: async () => {
        for (let start = 0; start < langChainKeys.length; start += 1000) {
          await client.unlink(langChainKeys.slice(start, start + 1000));
        }
        await ours.clear();
        await client.close();
      },
    };
  },
};

/** The key @langchain/redis stores generation `index` of `prompt` under. */
function langChainKey(cache: LangChainCache, prompt: string, index: number): string {
  const { keyEncoder } = cache as unknown as { keyEncoder(...parts: string[]): string };
  return keyEncoder(prompt, LLM_STRING, String(index));
}
