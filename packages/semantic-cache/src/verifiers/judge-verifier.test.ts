import { FakeListChatModel } from '@langchain/core/utils/testing';
import { InvalidArgumentError } from '@x/redis-core';
import { describe, expect, it, vi } from 'vitest';
import { runVerifiers } from './hit-verifier.js';
import { createJudgeVerifier, judgeQuestion } from './judge-verifier.js';

const candidate = (distance: number) => ({
  prompt: 'What is the maximum dose of paracetamol for children?',
  cached: {
    prompt: 'What is the maximum dose of paracetamol for adults?',
    llmString: '',
    distance,
  },
});

describe('judge verifier', () => {
  it('serves on YES, refuses on NO and on anything else', async () => {
    const model = new FakeListChatModel({ responses: ['YES', 'no.', 'Maybe, it depends'] });
    const verifier = createJudgeVerifier({ judge: model });
    expect(await verifier.verify(candidate(0.1))).toEqual({ pass: true });
    expect(await verifier.verify(candidate(0.1))).toEqual({
      pass: false,
      reason: 'the judge model said the cached answer does not fit',
    });
    expect(await verifier.verify(candidate(0.1))).toEqual({
      pass: false,
      reason: 'the judge model answered neither YES nor NO: "Maybe, it depends"',
    });
  });

  it('asks the model about both prompts', async () => {
    const model = new FakeListChatModel({ responses: ['NO'] });
    const invoke = vi.spyOn(model, 'invoke');
    await createJudgeVerifier({ judge: model }).verify(candidate(0.1));
    expect(invoke).toHaveBeenCalledWith(judgeQuestion(candidate(0.1)));
    expect(judgeQuestion(candidate(0.1))).toContain(
      '"What is the maximum dose of paracetamol for adults?"',
    );
    expect(judgeQuestion(candidate(0.1))).toContain(
      '"What is the maximum dose of paracetamol for children?"',
    );
  });

  it('is asked only within its band', async () => {
    const judge = vi.fn(() => false);
    const verifier = createJudgeVerifier({ judge, band: [0.1, 0.3] });
    expect(await verifier.verify(candidate(0.05))).toEqual({ pass: true });
    expect(await verifier.verify(candidate(0.31))).toEqual({ pass: true });
    expect(judge).not.toHaveBeenCalled();
    expect(await verifier.verify(candidate(0.1))).toMatchObject({ pass: false });
    expect(await verifier.verify(candidate(0.3))).toMatchObject({ pass: false });
    expect(judge).toHaveBeenCalledTimes(2);
  });

  it('refuses when the judge fails, as any verifier that throws', async () => {
    const verifier = createJudgeVerifier({
      judge: async () => {
        throw new Error('rate limited');
      },
    });
    expect(await runVerifiers([verifier], candidate(0.1))).toMatchObject({
      pass: false,
      verifier: 'judge',
      reason: 'the verifier threw',
    });
  });

  it('rejects a bad band, a model with a cache, and a judge of no kind', () => {
    for (const band of [
      [0.3, 0.1],
      [-0.1, 0.2],
      [0, 3],
    ] as const) {
      expect(() => createJudgeVerifier({ judge: () => true, band })).toThrow(InvalidArgumentError);
    }
    const cached = new FakeListChatModel({ responses: ['YES'], cache: true });
    expect(() => createJudgeVerifier({ judge: cached })).toThrow(/has a cache/);
    expect(() => createJudgeVerifier({ judge: 'yes' as never })).toThrow(InvalidArgumentError);
  });
});
