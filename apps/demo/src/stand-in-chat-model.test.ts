import { describe, expect, test } from 'vitest';
import { buildPrompt, readPromptPassages } from './prompt.js';
import { composeReply, StandInChatModel, sentencesOf } from './stand-in-chat-model.js';

const passages = [
  {
    title: 'topics › Time to live',
    text: '## Time to live\n\nA cache entry can expire after a time to live, given in seconds. Redis removes expired keys on its own.',
  },
  {
    title: 'llm-cache › Use',
    text: '```ts\nconst cache = new RedisCache({ url });\n```\n\n| option | default |\n|---|---|\n| ttl | none |\n\nGive the cache to each model as `cache`.',
  },
];

describe('sentencesOf', () => {
  test('keeps prose and drops headings, code blocks, tables and markup', () => {
    expect(sentencesOf(passages[1]?.text ?? '')).toEqual([
      'Give the cache to each model as cache.',
    ]);
    expect(sentencesOf(passages[0]?.text ?? '')).toEqual([
      'A cache entry can expire after a time to live, given in seconds.',
      'Redis removes expired keys on its own.',
    ]);
  });
});

describe('composeReply', () => {
  test('answers with the sentences that share the most words with the question, cited', () => {
    const reply = composeReply('When do cache entries expire?', passages);
    expect(
      reply.startsWith('A cache entry can expire after a time to live, given in seconds. [1]'),
    ).toBe(true);
    expect(reply).not.toContain('Redis removes expired keys');
  });

  test('cites each passage it takes a sentence from', () => {
    const reply = composeReply(
      'How do I give the cache to a model, and when does an entry expire?',
      passages,
    );
    expect(reply).toContain('[1]');
    expect(reply).toContain('[2]');
  });

  test('says so when there is no passage', () => {
    expect(composeReply('anything?', [])).toContain('no passage');
  });
});

describe('buildPrompt and readPromptPassages', () => {
  test('the stand-in reads back exactly the passages the prompt carries', () => {
    const [system, human] = buildPrompt('What is a TTL?', passages);
    expect(human?.text).toBe('What is a TTL?');
    expect(readPromptPassages(system?.text ?? '')).toEqual(
      passages.map((passage) => ({ ...passage, text: passage.text.trim() })),
    );
  });

  test('a prompt without passages says so and reads back as none', () => {
    const [system] = buildPrompt('What is a TTL?', []);
    expect(system?.text).toContain('no passages were found');
    expect(readPromptPassages(system?.text ?? '')).toEqual([]);
  });
});

describe('StandInChatModel', () => {
  test('answers from the passages in its prompt after its delay', async () => {
    const model = new StandInChatModel({ delayMs: 120 });
    const started = performance.now();
    const reply = await model.invoke(buildPrompt('When do cache entries expire?', passages));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect(reply.text).toContain('A cache entry can expire after a time to live');
  });

  test('an aborted call stops waiting', async () => {
    const model = new StandInChatModel({ delayMs: 60_000 });
    const controller = new AbortController();
    const call = model.invoke(buildPrompt('anything?', passages), { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(call).rejects.toThrow();
  });
});
