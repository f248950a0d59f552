import { describe, expect, it } from 'vitest';
import { verdict } from '../../test/test-candidate.js';
import { createNumbersVerifier } from './numbers-verifier.js';

const verifier = createNumbersVerifier();

describe('numbers verifier', () => {
  it.each([
    ['Is 57 a prime number?', 'Is 51 a prime number?'],
    ['What is 15% of 80?', 'What is 15% of 60?'],
    ['Which team won the 1998 World Cup?', 'Which team won the 2002 World Cup?'],
    ['How do I install Java 17 on Debian?', 'How do I install Java 21 on Debian?'],
    ['Upgrade guide for Vue v2', 'Upgrade guide for Vue v3'],
    ['What are the changes in Ruby 3.2.1?', 'What are the changes in Ruby 3.2.2?'],
    ['What is the 7th planet from the sun?', 'What is the 8th planet from the sun?'],
    ['Set an alarm for 7:30 am', 'Set an alarm for 7:30 pm'],
    ['What events are on in Berlin today?', 'What events are on in Berlin tomorrow?'],
    ['What did the Fed do last week?', 'What will the Fed do next week?'],
    ['Who ruled France in March 1815?', 'Who ruled France in June 1815?'],
    ['Who succeeded Louis XIV?', 'Who succeeded Louis XV?'],
    ['Budget a trip for three people', 'Budget a trip for five people'],
    ['Explain recursion', 'Explain recursion to a 10-year-old'],
    ['Net salary on a $60k gross salary', 'Net salary on a $80,000 gross salary'],
  ])('refuses %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
  });

  it.each([
    ['How do I print the first 5 lines of a file?', 'print the first five lines of a file'],
    ['What is 10% of $250?', 'Ten percent of 250 dollars?'],
    ['Net salary on a $60k gross salary', 'Net salary on a $60,000 gross salary'],
    ['Run a cron job daily at midnight', 'cron schedule for every day at 00:00'],
    ['Meeting at 2 pm', 'Meeting at 14:00'],
    ['What caused the Second World War?', 'What caused World War II?'],
    ['How many minutes are in one day?', 'How many minutes are in a day?'],
    ['Why does my component render twice?', 'my component renders two times, why?'],
    ['How do I turn on two-factor authentication?', 'How do I enable 2FA?'],
    ['How do I make a 3D model in Blender?', 'Blender: make a 3D model'],
    ['Is 17 prime?', 'is seventeen a prime number'],
    ['Latest news from the 4th of July parade', 'news from the July 4th parade'],
  ])('passes %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toEqual({ pass: true });
  });

  it('says which numbers differ', async () => {
    expect(await verdict(verifier, 'Is 57 prime?', 'Is 51 prime?')).toEqual({
      pass: false,
      reason: 'numbers differ: "51" in the prompt, "57" cached',
    });
  });
});
