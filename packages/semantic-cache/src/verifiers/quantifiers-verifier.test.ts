import { describe, expect, it } from 'vitest';
import { verdict } from '../../test/test-candidate.js';
import { createQuantifiersVerifier } from './quantifiers-verifier.js';

const verifier = createQuantifiersVerifier();

describe('quantifiers verifier', () => {
  it.each([
    ['Are all swans white?', 'Are any swans white?'],
    ['How do I stop all running containers?', 'How do I stop one running container?'],
    ['Remove the first space in a string', 'Remove every space in a string'],
    ['Get the first row of a DataFrame', 'Get the last row of a DataFrame'],
    ['Average of each row in a matrix', 'Average of the whole matrix'],
    ['Who won the Tour de France?', 'Who came second in the Tour de France?'],
    ['Delete the old log files', 'Delete the old log files except today’s'],
    ['Can I use a single coupon per order?', 'Can I use several coupons per order?'],
  ])('refuses %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
  });

  it.each([
    ['How do I list all files in a folder?', 'How do I list the files in a folder?'],
    ['Back up my database every day', 'Daily database backup'],
    ['What happened last week in tech?', 'Tech news from the past week'],
    ['Can I stack more than one promo code?', 'Can I use multiple promo codes?'],
    ['What caused the Second World War?', 'What caused World War II?'],
    ['Split a bill between two people', 'Split a bill between both of us'],
    ['How many seconds are in a minute?', 'A minute has how many seconds?'],
  ])('passes %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toEqual({ pass: true });
  });
});
