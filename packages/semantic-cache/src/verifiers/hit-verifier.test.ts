import { InvalidArgumentError } from '@x/redis-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VERIFIERS, defaultVerifiers } from './default-verifiers.js';
import {
  type HitCandidate,
  type HitVerifier,
  runVerifiers,
  VERIFIER_NAME,
} from './hit-verifier.js';

const candidate = (cached: string, prompt: string): HitCandidate => ({
  prompt,
  cached: { prompt: cached, llmString: 'model', distance: 0.1 },
});

const passing: HitVerifier = { name: 'yes', verify: () => ({ pass: true }) };
const refusing: HitVerifier = { name: 'no', verify: () => ({ pass: false, reason: 'because' }) };

describe('runVerifiers', () => {
  it('passes every candidate when the list is empty', async () => {
    expect(await runVerifiers([], candidate('is 91 prime', 'is 89 prime'))).toEqual({ pass: true });
  });

  it('reports the first refusal and which verifier made it, without running the rest', async () => {
    let ranAfter = false;
    const spy: HitVerifier = {
      name: 'spy',
      verify: () => {
        ranAfter = true;
        return { pass: true };
      },
    };
    const result = await runVerifiers([passing, refusing, spy], candidate('a', 'b'));
    expect(result).toEqual({ pass: false, verifier: 'no', reason: 'because' });
    expect(ranAfter).toBe(false);
  });

  it('awaits asynchronous verifiers and sees the whole candidate', async () => {
    const seen: HitCandidate[] = [];
    const async: HitVerifier = {
      name: 'async',
      verify: async (hit) => {
        seen.push(hit);
        return hit.cached.distance < 0.2 ? { pass: true } : { pass: false, reason: 'too far' };
      },
    };
    const hit = candidate('cached prompt', 'new prompt');
    expect(await runVerifiers([async], hit)).toEqual({ pass: true });
    expect(seen).toEqual([hit]);
    const far = { ...hit, cached: { ...hit.cached, distance: 0.3 } };
    expect(await runVerifiers([async], far)).toMatchObject({ pass: false, verifier: 'async' });
  });

  it('treats a verifier that throws or rejects as a refusal, keeping the error', async () => {
    const error = new Error('model unavailable');
    const throwing: HitVerifier = {
      name: 'throwing',
      verify: () => {
        throw error;
      },
    };
    const rejecting: HitVerifier = { name: 'rejecting', verify: () => Promise.reject(error) };
    for (const verifier of [throwing, rejecting]) {
      expect(await runVerifiers([verifier, passing], candidate('a', 'b'))).toEqual({
        pass: false,
        verifier: verifier.name,
        reason: 'the verifier threw',
        error,
      });
    }
  });
});

describe('DEFAULT_VERIFIERS', () => {
  it('holds every built-in verifier once, in a frozen list', () => {
    expect(DEFAULT_VERIFIERS.map((verifier) => verifier.name).sort()).toEqual(
      Object.values(VERIFIER_NAME).sort(),
    );
    expect(Object.isFrozen(DEFAULT_VERIFIERS)).toBe(true);
  });

  it.each([
    ['How do I rename a file in Linux?', 'linux command to rename a file'],
    ['Why is the sky blue?', 'What makes the sky look blue?'],
    ['How many ounces are in a pound?', 'How many oz in a lb?'],
    ['What is 15% of 80?', 'Calculate fifteen percent of 80.'],
    ['How do I convert 5 kilometers to miles?', '5 km in miles?'],
    ['Can dogs eat grapes?', 'Is it safe for a dog to eat grapes?'],
    ['Who discovered penicillin?', 'Penicillin was discovered by whom?'],
    ['When was the Eiffel Tower built?', 'What year was the Eiffel Tower constructed?'],
    ['I can’t log in to my account, what should I do?', 'Login to my account fails. What now?'],
  ])('serve a paraphrase: %s / %s', async (cached, prompt) => {
    expect(await runVerifiers(DEFAULT_VERIFIERS, candidate(cached, prompt))).toEqual({
      pass: true,
    });
  });

  it.each([
    ['What is the capital of Austria?', 'What is the capital of Australia?'],
    ['How do I install Node.js on macOS?', 'How do I uninstall Node.js on macOS?'],
    ['How do I convert 5 kilometers to miles?', 'How do I convert 5 miles to kilometers?'],
    ['Is it safe to eat raw eggs?', 'Is it safe to eat raw chicken?'],
    ['How do I make a GET request with curl?', 'How do I make a POST request with curl?'],
    ['How many teaspoons are in a tablespoon?', 'How many tablespoons are in a teaspoon?'],
  ])('refuse a near-miss: %s / %s', async (cached, prompt) => {
    expect(await runVerifiers(DEFAULT_VERIFIERS, candidate(cached, prompt))).toMatchObject({
      pass: false,
    });
  });
});

describe('defaultVerifiers', () => {
  it('turns built-in verifiers off by name, keeping the others in order', () => {
    expect(defaultVerifiers().map(({ name }) => name)).toEqual(
      DEFAULT_VERIFIERS.map(({ name }) => name),
    );
    const names = defaultVerifiers({ except: ['names', 'order'] }).map(({ name }) => name);
    expect(names).toEqual(
      DEFAULT_VERIFIERS.map(({ name }) => name).filter(
        (name) => name !== 'names' && name !== 'order',
      ),
    );
  });

  it('refuses a name that is no built-in verifier', () => {
    expect(() => defaultVerifiers({ except: ['nmbers' as 'numbers'] })).toThrow(
      InvalidArgumentError,
    );
    expect(() => defaultVerifiers({ except: 'names' as unknown as ['names'] })).toThrow(
      InvalidArgumentError,
    );
  });
});
