import type { VectorIndex } from '@x/redis-core';
import { serializeGenerations } from '@x/redis-core/internal';
import { describe, expect, it } from 'vitest';
import { chooseCandidate } from './choose-candidate.js';
import type { CacheEntry } from './semantic-entries.js';
import type { HitVerifier } from './verifiers/index.js';

function entry(
  prompt: string,
  distance: number,
  generations = serializeGenerations([{ text: prompt }]),
): CacheEntry {
  return {
    id: prompt,
    key: `cache:doc:${prompt}`,
    prompt,
    llmString: 'llm',
    scope: { values: {}, key: 'scope', parts: [] },
    generations,
    createdAt: 0,
    distance,
    document: { id: prompt, content: prompt, metadata: {} },
    // Choosing never touches the index: it only travels with the entry.
    index: { name: 'cache' } as VectorIndex,
  };
}

/** Refuses cached prompts that contain `word`. */
function refusing(word: string): HitVerifier {
  return {
    name: `no-${word}`,
    verify: ({ cached }) =>
      cached.prompt.includes(word) ? { pass: false, reason: `has ${word}` } : { pass: true },
  };
}

describe('chooseCandidate', () => {
  it('serves the nearest entry when accepted, and says what became of each', async () => {
    const entries = [entry('near', 0.01), entry('middle', 0.05), entry('far bad', 0.1)];
    const choice = await chooseCandidate('prompt', entries, [refusing('bad')]);
    expect(choice.served?.entry.prompt).toBe('near');
    expect(choice.served?.generations).toEqual([{ text: 'near' }]);
    expect(choice.candidates.map(({ outcome }) => outcome)).toEqual([
      { status: 'served' },
      { status: 'not-checked' },
      { status: 'not-checked' },
    ]);
  });

  it('serves nothing farther than a refused entry, unless cached for exactly this prompt', async () => {
    const entries = [entry('near bad', 0.01), entry('middle', 0.05), entry('far', 0.1)];
    const choice = await chooseCandidate('prompt', entries, [refusing('bad')]);
    expect(choice.served).toBeUndefined();
    expect(choice.candidates.map(({ outcome }) => outcome)).toEqual([
      { status: 'refused', verifier: 'no-bad', reason: 'has bad' },
      { status: 'after-refusal' },
      { status: 'after-refusal' },
    ]);
    const tied = [entry('near bad', 0), entry('middle', 0.05), entry('prompt', 0)];
    const exact = await chooseCandidate('prompt', tied, [refusing('bad')]);
    expect(exact.served?.entry.prompt).toBe('prompt');
    expect(exact.candidates.map(({ outcome }) => outcome.status)).toEqual([
      'refused',
      'after-refusal',
      'served',
    ]);
  });

  it('misses when every entry is refused, and serves the nearest without verifiers', async () => {
    const entries = [entry('bad one', 0.01), entry('bad two', 0.02)];
    expect((await chooseCandidate('prompt', entries, [refusing('bad')])).served).toBeUndefined();
    expect((await chooseCandidate('prompt', entries, [])).served?.entry.prompt).toBe('bad one');
  });

  it('serves an entry cached for exactly this prompt without asking the verifiers', async () => {
    const choice = await chooseCandidate(
      'same bad prompt',
      [entry('same bad prompt', 0)],
      [refusing('bad')],
    );
    expect(choice.served?.entry.prompt).toBe('same bad prompt');
  });

  it('treats a throwing verifier as a refusal', async () => {
    const throwing: HitVerifier = {
      name: 'throws',
      verify: () => {
        throw new Error('bug');
      },
    };
    const choice = await chooseCandidate('prompt', [entry('a', 0)], [throwing]);
    expect(choice.served).toBeUndefined();
    expect(choice.candidates[0]?.outcome).toMatchObject({ status: 'refused', verifier: 'throws' });
  });

  it('skips an entry whose generations cannot be read, and serves the next', async () => {
    const choice = await chooseCandidate(
      'prompt',
      [entry('broken', 0, '{"v":9}'), entry('ok', 0.1)],
      [],
    );
    expect(choice.served?.entry.prompt).toBe('ok');
    expect(choice.unreadable.map(({ id, error }) => [id, error.name, error.key])).toEqual([
      ['broken', 'CorruptDataError', 'cache:doc:broken'],
    ]);
    expect(choice.candidates[0]?.outcome.status).toBe('unreadable');
  });
});
