import { InvalidArgumentError } from '@x/redis-core';
import { describe, expect, it, vi } from 'vitest';
import { runVerifiers } from './hit-verifier.js';
import { createMeaningVerifier } from './meaning-verifier.js';

/** Embeds each text as the vector the table gives it; records what it was asked. */
function tableEmbed(table: Record<string, number[]>) {
  return vi.fn(async (texts: readonly string[]) =>
    texts.map((text) => {
      const vector = table[text];
      if (vector === undefined) throw new Error(`no vector for ${text}`);
      return vector;
    }),
  );
}

const candidate = (cached: string, prompt: string, embed?: ReturnType<typeof tableEmbed>) => ({
  prompt,
  cached: { prompt: cached, llmString: '', distance: 0.1 },
  ...(embed === undefined ? {} : { embed }),
});

describe('meaning verifier', () => {
  it('embeds the words each prompt has and the other lacks, and refuses when they lie far apart', async () => {
    const embed = tableEmbed({ salmon: [1, 0], mushrooms: [0, 1] });
    const verifier = createMeaningVerifier({ maxSpanDistance: 0.5 });
    const cached = 'What is a good pasta recipe with mushrooms?';
    expect(
      await verifier.verify(candidate(cached, 'A good pasta recipe with salmon?', embed)),
    ).toEqual({
      pass: false,
      reason: '"salmon" in the prompt and "mushrooms" cached differ in meaning (1.00 apart)',
    });
    expect(embed).toHaveBeenCalledWith(['salmon', 'mushrooms']);
    const near = tableEmbed({ salmon: [1, 0], trout: [1, 0.1] });
    const trout = 'What is a good pasta recipe with trout?';
    expect(
      await verifier.verify(candidate('What is a good pasta recipe with salmon?', trout, near)),
    ).toEqual({ pass: true });
    expect(near).toHaveBeenCalledWith(['trout', 'salmon']);
  });

  it('leaves alone prompts reworded throughout, additions, and fillers, without embedding', async () => {
    const embed = tableEmbed({});
    const verifier = createMeaningVerifier();
    for (const [cached, prompt] of [
      ['How do I remove duplicates from a list?', 'Any tips to dedupe an array of items quickly?'],
      ['Plan a trip to Rome', 'Plan a trip to Rome with kids'],
      ['What is the capital of Peru?', 'Briefly, what is the capital of Peru currently?'],
      ['Explain closures in JavaScript', 'JavaScript closures explained'],
    ] as const) {
      expect(await verifier.verify(candidate(cached, prompt, embed))).toEqual({ pass: true });
    }
    expect(embed).not.toHaveBeenCalled();
  });

  it('refuses (by throwing) when it must compare and has no embed', async () => {
    const verifier = createMeaningVerifier();
    const plain = candidate('Recipe with mushrooms', 'Recipe with salmon');
    await expect(verifier.verify(plain)).rejects.toThrow(InvalidArgumentError);
    expect(await runVerifiers([verifier], plain)).toMatchObject({
      pass: false,
      verifier: 'meaning',
    });
  });

  it('checks its options', () => {
    expect(() => createMeaningVerifier({ minSharedShare: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => createMeaningVerifier({ maxSpanDistance: -1 })).toThrow(InvalidArgumentError);
    expect(() => createMeaningVerifier({ maxSpanDistance: Number.NaN })).toThrow(
      InvalidArgumentError,
    );
  });

  it('refuses when an embedding is all zeros (no distance to compare)', async () => {
    const embed = tableEmbed({ salmon: [0, 0], mushrooms: [0, 1] });
    const verifier = createMeaningVerifier();
    const zero = candidate('Recipe with mushrooms', 'Recipe with salmon', embed);
    expect(await runVerifiers([verifier], zero)).toMatchObject({
      pass: false,
      verifier: 'meaning',
    });
  });
});
