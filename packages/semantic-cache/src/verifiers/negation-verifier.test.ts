import { describe, expect, it } from 'vitest';
import { verdict } from '../../test/test-candidate.js';
import { createNegationVerifier } from './negation-verifier.js';

const verifier = createNegationVerifier();

describe('negation verifier', () => {
  it.each([
    ['Which mushrooms are edible?', 'Which mushrooms are not edible?'],
    ['Can I take ibuprofen with coffee?', "Can't I take ibuprofen with coffee?"],
    ['Which plants need direct sunlight?', "Which plants don't need direct sunlight?"],
    ['Make pancakes with eggs', 'Make pancakes without eggs'],
    ['Countries where tipping is expected', 'Countries where tipping is never expected'],
    ['Players who scored a goal this season', 'Players who scored no goal this season'],
    ['Should I refinance my mortgage now?', "Shouldn't I refinance my mortgage now?"],
    ['Suggest dairy-free desserts', 'Suggest desserts that contain dairy'],
    ['List the users with a password', 'List the passwordless users'],
    ['How do I mute a channel in Slack?', 'How do I unmute a channel in Slack?'],
    ['Is this value null?', 'Is this value non-null?'],
    ['Why does my build succeed on CI?', 'Why does my build fail to succeed on CI?'],
  ])('refuses %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
  });

  it.each([
    ['How do I reverse a list in Python?', "I don't know how to reverse a list in Python"],
    ['How do I fix a leaking tap?', "Could you help me fix a leaking tap, if you don't mind?"],
    ['I forgot my password', "I can't remember my password"],
    ['How do I unclog a drain?', 'My drain is clogged. How do I clear it?'],
    ['Clean an oven without chemicals', 'Clean an oven without using chemical cleaners'],
    ['Revert a commit but keep my changes', 'Revert a commit without losing my changes'],
    ['Is the museum open on Mondays?', 'Is the museum open on Mondays or not?'],
    ['Which apps run without internet?', 'Which apps work offline, with no internet?'],
    ["What's a substitute for eggs in baking?", "I don't have eggs; what can I bake with instead?"],
  ])('passes %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toEqual({ pass: true });
  });

  it('says which term is negated where', async () => {
    expect(
      await verdict(verifier, 'Make pancakes with eggs', 'Make pancakes without eggs'),
    ).toEqual({
      pass: false,
      reason: '"egg" is negated in the prompt but not in the cached prompt',
    });
  });
});
