import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { InvalidArgumentError } from '@x/redis-core';
import { contentText } from '@x/redis-core/internal';
import { PASS, reject } from './differences.js';
import type { HitCandidate, HitVerifier } from './hit-verifier.js';

/** Decides whether the answer cached for `candidate.cached.prompt` answers `candidate.prompt`. */
export type JudgeFunction = (candidate: HitCandidate) => boolean | Promise<boolean>;

/** Options of {@link createJudgeVerifier}. */
export interface JudgeVerifierOptions {
  /**
   * Who judges: a chat model (asked a yes/no question, see {@link judgeQuestion}), or a function
   * of your own (a cross-encoder, an NLI model, a rules service). A chat model must have no
   * `cache`: asking it would look the cache up again.
   */
  readonly judge: BaseChatModel | JudgeFunction;
  /**
   * The grey band of cosine distances in which the judge is asked, `[from, to]`: nearer than
   * `from`, or farther than `to`, the other verifiers decide alone and the judge costs nothing.
   * Choose it on prompts like your users' (`explain()` shows the distances).
   * @default [0, 2] (every candidate)
   */
  readonly band?: readonly [from: number, to: number];
  /** The verifier's name in refusals. @default 'judge' */
  readonly name?: string;
}

/** The question put to a chat model judge, for the two prompts of a candidate. */
export function judgeQuestion({ prompt, cached }: HitCandidate): string {
  return [
    'A cache holds an answer written for question A. Decide whether that answer may be given,',
    'unchanged, to question B: only if every fact, number, name, direction and condition that',
    'B asks about is the same as in A. Reply with one word: YES or NO.',
    '',
    `Question A: ${JSON.stringify(cached.prompt)}`,
    `Question B: ${JSON.stringify(prompt)}`,
  ].join('\n');
}

function isChatModel(judge: BaseChatModel | JudgeFunction): judge is BaseChatModel {
  return typeof judge === 'object' && judge !== null && typeof judge.invoke === 'function';
}

/**
 * A verifier that asks a judge, a chat model or a function, whether a cached answer fits the
 * new prompt, only for candidates whose distance lies in the grey band where the rules are
 * least sure. A chat model's reply must start with YES to serve; NO, anything else, an error
 * or a timeout of the lookup refuses (a cache fails towards a miss). Put it last in the list,
 * after `DEFAULT_VERIFIERS`, so the judge is asked only about candidates the rules accept:
 *
 * ```ts
 * verifiers: [...DEFAULT_VERIFIERS, createJudgeVerifier({ judge: smallModel, band: [0.15, 0.35] })]
 * ```
 *
 * A judge call takes what a model call takes, and is made on a lookup's critical path: the
 * lookup's `timeoutMs` bounds it. Prompts go to the judge as they are; pick one you may send
 * them to.
 *
 * @throws {InvalidArgumentError} when `band` is not two distances from 0 to 2 in order, or
 *   the chat model has a cache.
 */
export function createJudgeVerifier(options: JudgeVerifierOptions): HitVerifier {
  const { judge, band = [0, 2], name = 'judge' } = options;
  const [from, to] = band;
  if (!(from >= 0 && to <= 2 && from <= to)) {
    throw new InvalidArgumentError(
      `band must be [from, to] with 0 <= from <= to <= 2, not [${String(from)}, ${String(to)}]`,
    );
  }
  if (isChatModel(judge)) {
    // `cache: true` leaves a cache instance behind too; `cache: false` leaves none.
    if (judge.cache !== undefined) {
      throw new InvalidArgumentError(
        'the judge model has a cache: asking it would look the cache up again; give it a model without `cache`',
      );
    }
  } else if (typeof judge !== 'function') {
    throw new InvalidArgumentError('judge must be a chat model or a function');
  }
  return {
    name,
    async verify(candidate) {
      const { distance } = candidate.cached;
      if (distance < from || distance > to) return PASS;
      if (!isChatModel(judge)) {
        return (await judge(candidate))
          ? PASS
          : reject('the judge said the cached answer does not fit');
      }
      const reply = contentText((await judge.invoke(judgeQuestion(candidate))).content).trim();
      if (/^yes\b/i.test(reply)) return PASS;
      if (/^no\b/i.test(reply))
        return reject('the judge model said the cached answer does not fit');
      return reject(
        `the judge model answered neither YES nor NO: ${JSON.stringify(reply.slice(0, 40))}`,
      );
    },
  };
}
