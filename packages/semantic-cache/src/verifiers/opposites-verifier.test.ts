import { InvalidArgumentError } from '@x/redis-core';
import { describe, expect, it } from 'vitest';
import { verdict } from '../../test/test-candidate.js';
import { createOppositesVerifier, type OppositePair } from './opposites-verifier.js';

const verifier = createOppositesVerifier();

describe('opposites verifier', () => {
  it.each([
    ['How do I install Homebrew?', 'How do I uninstall Homebrew?'],
    ['How do I enable dark mode on my iPhone?', 'How do I disable dark mode on my iPhone?'],
    ['Increase the font size in VS Code', 'Decrease the font size in VS Code'],
    ['Is it a good time to buy gold?', 'Is it a good time to sell gold?'],
    ['Find the largest file in a folder', 'Find the smallest file in a folder'],
    ['Which is the hottest month in Cairo?', 'Which is the coldest month in Cairo?'],
    ['Advantages of nuclear power', 'Disadvantages of nuclear power'],
    ['Encrypting a file with GPG', 'Decrypting a file with GPG'],
    ['What did Rome look like before Augustus?', 'What did Rome look like after Augustus?'],
    ['Sort the table in ascending order', 'Sort the table in descending order'],
    ['Downloading files from Google Drive', 'Uploading files to Google Drive'],
    ['How do I push to a remote branch?', 'How do I pull from a remote branch?'],
  ])('refuses %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
  });

  it.each([
    ['Pros of remote work', 'pros and cons of remote work'],
    ['How do I remove a file in git?', 'How do I delete a file in git?'],
    ['Revert a commit but keep my changes', 'Revert a commit without losing my changes'],
    ['Which ocean is the largest?', 'What is the biggest ocean?'],
    ['How do I make my slow laptop faster?', 'My laptop is slow, how do I speed it up?'],
    ['Fastest way to learn touch typing', 'How can I learn touch typing quickly?'],
  ])('passes %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toEqual({ pass: true });
  });

  it('checks the pairs a user adds, in any inflection, and can drop the built-in ones', async () => {
    const extraPairs: OppositePair[] = [
      ['bullish', 'bearish'],
      [['overbought'], ['oversold']],
    ];
    const custom = createOppositesVerifier({ extraPairs, builtInPairs: false });
    expect(await verdict(custom, 'Is the market bullish?', 'Is the market bearish?')).toEqual({
      pass: false,
      reason: '"bearish" in the prompt is the opposite of "bullish" cached',
    });
    expect(await verdict(custom, 'Is TSLA overbought?', 'Is TSLA oversold?')).toMatchObject({
      pass: false,
    });
    expect(await verdict(custom, 'How do I install git?', 'How do I uninstall git?')).toEqual({
      pass: true,
    });
  });

  it.each<[string, unknown]>([
    ['an empty side', [['', 'down']]],
    ['a word on both sides', [[['up', 'rise'], ['rise']]]],
    ['a phrase of three words', [['turn it on', 'off']]],
    ['one side only', [['up']]],
  ])('throws InvalidArgumentError for %s', (_, extraPairs) => {
    expect(() => createOppositesVerifier({ extraPairs: extraPairs as OppositePair[] })).toThrow(
      InvalidArgumentError,
    );
  });
});
