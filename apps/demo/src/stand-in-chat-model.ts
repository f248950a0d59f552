import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import {
  type BaseChatModelParams,
  SimpleChatModel,
} from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { type PromptPassage, readPromptPassages } from './prompt.js';

/** Options of {@link StandInChatModel}. */
export interface StandInChatModelOptions extends BaseChatModelParams {
  /** How long each answer takes, in milliseconds, standing in for a real model's latency. */
  delayMs: number;
}

const STOP_WORDS = new Set(
  'a an and are as at be by can do does for from how i in is it its me of on or the this to what when where which who why will with you your'.split(
    ' ',
  ),
);

function words(text: string): Set<string> {
  const found = text.toLowerCase().match(/[a-z0-9][a-z0-9-]+/g) ?? [];
  return new Set(found.filter((word) => !STOP_WORDS.has(word)));
}

/** Plain sentences of a markdown passage: no code blocks, tables, headings or markup. */
export function sentencesOf(markdown: string): string[] {
  const prose = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*(\||#|>)/.test(line))
    .map((line) => line.replace(/^\s*[-*]\s+/, '').trim())
    .join('\n')
    .replace(/[`*_]/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
  return prose
    .split(/(?<=[.!?])\s+|\n{2,}|\n(?=[A-Z])/)
    .map((sentence) => sentence.replace(/\s+/g, ' ').trim())
    .filter((sentence) => sentence.length >= 20 && sentence.length <= 400);
}

/**
 * The stand-in's reply: the sentences of the passages that share the most words with the
 * question, in order of relevance, each with the number of its passage.
 */
export function composeReply(question: string, passages: readonly PromptPassage[]): string {
  if (passages.length === 0) {
    return 'The documents hold no passage about that, so there is nothing to answer from.';
  }
  const asked = words(question);
  const scored = passages.flatMap((passage, index) =>
    sentencesOf(passage.text).map((sentence, position) => {
      let shared = 0;
      for (const word of words(sentence)) if (asked.has(word)) shared++;
      // Earlier passages are closer to the question; earlier sentences usually say more.
      return { sentence, index, score: shared - index * 0.5 - position * 0.1 };
    }),
  );
  const best = scored
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
  const chosen = best.length > 0 ? best : scored.slice(0, 2);
  if (chosen.length === 0) return `The closest passage is "${passages[0]?.title}".`;
  // One citation after each run of sentences from the same passage.
  return chosen
    .map(({ sentence, index }, position) =>
      chosen[position + 1]?.index === index ? sentence : `${sentence} [${index + 1}]`,
    )
    .join(' ');
}

/**
 * A chat model that needs no network: it reads the passages in its prompt (as
 * {@link buildPrompt} lays them out) and stitches a reply from their sentences, after a set
 * delay that stands in for a real model's latency. It is a real LangChain chat model, so it
 * can take a `cache` and run in chains like any other.
 */
export class StandInChatModel extends SimpleChatModel {
  readonly delayMs: number;

  constructor(options: StandInChatModelOptions) {
    super(options);
    this.delayMs = options.delayMs;
  }

  _llmType(): string {
    return 'stand-in';
  }

  override _identifyingParams(): Record<string, unknown> {
    return { model: 'stand-in', delayMs: this.delayMs };
  }

  async _call(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    _runManager?: CallbackManagerForLLMRun,
  ): Promise<string> {
    const system = messages.find((message) => message.getType() === 'system');
    const question = messages.findLast((message) => message.getType() === 'human');
    await pause(this.delayMs, options.signal);
    return composeReply(question?.text ?? '', readPromptPassages(system?.text ?? ''));
  }
}

/** Waits `ms`, standing in for a model's latency; rejects at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
