import { describe, expect, it } from 'vitest';
import { verdict } from '../../test/test-candidate.js';
import { createFormulaVerifier } from './formula-verifier.js';

const verifier = createFormulaVerifier();

describe('formula verifier', () => {
  it.each([
    ['Solve 3x - 7 = 11 for x.', 'Solve 3x + 7 = 11 for x.'],
    ['What is the derivative of x^3 - 2x?', 'What is the derivative of x^3 + 2x?'],
    ['Is 5/8 > 3/5?', 'Is 5/8 < 3/5?'],
    ['Simplify (a + b)(a - b)', 'Simplify (a - b)(a - b)'],
    ['Compute (6 + 2) * 3', 'Compute 6 + 2 * 3'],
    ['Integrate e^(2x) dx', 'Integrate e^(-2x) dx'],
    ['What does 9 // 4 give in Python?', 'What does 9 / 4 give in Python?'],
    ['What does x ≤ 4 mean on a number line?', 'What does x ≥ 4 mean on a number line?'],
    ['Graph y = 2x + 1', 'Graph y = 2x * 1'],
    [
      'What is the limit of sin(x)/x as x goes to 0?',
      'What is the limit of sin(x)*x as x goes to 0?',
    ],
    ['Why is a != b true here?', 'Why is a = b true here?'],
  ])('refuses %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
  });

  it.each([
    ['Solve 2x+3=9', 'solve for x: 2x + 3 = 9'],
    ['What is 6 × 7?', 'what is 6*7'],
    ['Expand (x + 1)²', 'expand (x+1)^2'],
    ['Is x ≤ 3 the same as not x > 3?', 'is x <= 3 the same as not x > 3'],
    ['What is 12 + 30?', 'What is twelve plus thirty?'],
    ['Why does 0.1 + 0.2 != 0.3 in JavaScript?', 'In JS, why is 0.1+0.2 ≠ 0.3?'],
    ['What is the derivative of sin(x)?', 'd/dx of sin x?'],
    ['How do I clean a cast-iron pan?', 'how to clean a cast iron pan'],
    ['What is A/B testing?', 'Explain split testing (A/B tests).'],
    ['Format a date as 2024-03-15', 'format a date like 2024/03/15'],
    ['How do I learn C++ fast?', 'Fastest way to learn C++?'],
    ['Explain this TypeScript: const f = (x) => x + 1', 'What does const f = x => x + 1 do in TS?'],
    ['Convert JSON -> CSV in Python', 'Python: JSON to CSV'],
    ['Explain recursion to a 10-year-old', 'explain recursion to a ten year old'],
  ])('passes %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toEqual({ pass: true });
  });

  it('says which operators differ', async () => {
    expect(await verdict(verifier, 'Solve 2x - 1 = 5', 'Solve 2x + 1 = 5')).toEqual({
      pass: false,
      reason: 'the formulas differ: operators + = in the prompt, - = cached',
    });
  });
});
