import { InvalidArgumentError } from '@x/redis-core';
import { describe, expect, it } from 'vitest';
import { verdict } from '../../test/test-candidate.js';
import { createSubstitutionVerifier } from './substitution-verifier.js';

const verifier = createSubstitutionVerifier();

describe('substitution verifier', () => {
  it.each([
    ['What is the population of Kenya?', 'What is the area of Kenya?'],
    ['How heavy is a blue whale?', 'How long is a blue whale?'],
    ['What are the side effects of aspirin?', 'What are the side effects of paracetamol?'],
    ['Can dogs eat grapes?', 'Can cats eat grapes?'],
    ['Write a haiku about the sea', 'Write a ballad about the sea'],
    ['How do I count the rows in a SQL table?', 'How do I count the columns in a SQL table?'],
    ['Explain black holes for a child', 'Explain black holes for an astrophysicist'],
    ['Give me a pasta recipe', 'Give me a gluten free pasta recipe'],
    ['Is decaf coffee bad for you?', 'Is coffee bad for you?'],
    [
      'Write a Go function that parses a date.',
      'Write a Go function that parses a date, with error handling and unit tests.',
    ],
    ['Plan a 3-day itinerary for Lisbon', 'Plan a 3-day itinerary for Lisbon on a tight budget'],
  ])('refuses %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
  });

  it.each([
    ['How do I create a new branch in git?', 'How do I make a new branch in git?'],
    ['Tips to keep cut flowers fresh', 'How can I keep cut flowers fresh longer?'],
    ['What colour is a flamingo?', 'What color is a flamingo?'],
    ['How do I tie a tie?', 'How do I tie a necktie?'],
    ['Clean a cast-iron pan', 'Clean a cast iron pan'],
    ['What is the LCM of 8 and 12?', 'What is the least common multiple of 8 and 12?'],
    [
      'Whats the differnce between affect and effect',
      "What's the difference between affect and effect",
    ],
    ['What is the capital of Peru?', 'Briefly, what is the capital of Peru?'],
    [
      'What is the largest planet in our solar system?',
      'Which planet is the biggest in the solar system?',
    ],
    ['How do I remove a directory in Linux?', 'How do I delete a directory in Linux?'],
    ['Summarize the French Revolution', 'Summarize the French Revolution, please.'],
  ])('passes %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toEqual({ pass: true });
  });

  it('counts a swap only when most words are shared, as configured', async () => {
    // A true paraphrase this verifier refuses: "boost" and "strengthen" are no listed synonyms.
    const [cached, prompt] = [
      'How can I boost my immune system?',
      'What can I do to strengthen my immune system?',
    ];
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
    const lenient = createSubstitutionVerifier({ minSharedShare: 0.9 });
    expect(await verdict(lenient, cached, prompt)).toEqual({ pass: true });
  });

  it.each([
    { minSharedShare: 1.5 },
    { minSharedShare: Number.NaN },
    { maxSwapWords: 0 },
    { maxSwapWords: 2.5 },
  ])('throws InvalidArgumentError for %o', (options) => {
    expect(() => createSubstitutionVerifier(options)).toThrow(InvalidArgumentError);
  });
});
