import { stem } from './stem.js';
import { isStopword } from './stopwords.js';

/** One word of a prompt: letters and digits, with an apostrophe suffix kept ("don't"). */
export interface Word {
  /** As written. */
  readonly raw: string;
  /** Lowercase, with typographic apostrophes made plain. */
  readonly lower: string;
  /** {@link stem} of `lower`. */
  readonly stem: string;
  /** Offset of the first character in the prompt's text. */
  readonly start: number;
  readonly end: number;
  /** Whether the word opens a sentence (its capital says nothing about it being a name). */
  readonly initial: boolean;
  /** Whether the word is a function word or a word of asking. */
  readonly stop: boolean;
}

/** A prompt split into words once, shared by every verifier that looks at it. */
export interface PromptText {
  readonly text: string;
  /** The text in lowercase with typographic apostrophes and quotes made plain. */
  readonly lower: string;
  readonly words: readonly Word[];
  /** The stems of every word, for membership tests. */
  readonly stems: ReadonlySet<string>;
  /** What verifiers derived from this text, computed once (see {@link derived}). */
  readonly memo: Map<symbol, unknown>;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;
const SENTENCE_ENDS = new Set(['.', '!', '?', ':', ';', '\n', '—', '–']);
const OPENERS = new Set([' ', '\t', '"', "'", '(', '[', '“', '‘']);

/** Whether the word at `start` opens a sentence: only openers stand between it and an end. */
function opensSentence(text: string, start: number): boolean {
  let at = start - 1;
  while (at >= 0 && OPENERS.has(text[at] as string)) at--;
  return at < 0 || SENTENCE_ENDS.has(text[at] as string);
}

/** Plain apostrophes and quotes, so that "don’t" and "don't" are one word. */
export function plainQuotes(text: string): string {
  return text.replace(/[’‘`´]/g, "'").replace(/[“”]/g, '"');
}

function analyze(text: string): PromptText {
  const plain = plainQuotes(text);
  const lower = plain.toLowerCase();
  const words: Word[] = [];
  for (const match of plain.matchAll(WORD)) {
    const start = match.index;
    const raw = match[0];
    const lowerWord = lower.slice(start, start + raw.length);
    words.push({
      raw,
      lower: lowerWord,
      stem: stem(lowerWord),
      start,
      end: start + raw.length,
      initial: words.length === 0 || opensSentence(plain, start),
      stop: isStopword(lowerWord),
    });
  }
  return { text, lower, words, stems: new Set(words.map((word) => word.stem)), memo: new Map() };
}

// A lookup verifies the same two prompts with every verifier: analysing each once keeps the
// whole chain within a few microseconds. The bound keeps memory flat under any traffic.
const CACHE_SIZE = 64;
const cache = new Map<string, PromptText>();

/** The words of `text`, computed once per text and shared (a small bounded cache). */
export function promptText(text: string): PromptText {
  let analysis = cache.get(text);
  if (analysis === undefined) {
    analysis = analyze(text);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(text, analysis);
  }
  return analysis;
}

/**
 * What `compute` derives from `text`, computed once per text while it stays in the cache: the
 * cached prompt of a hot entry is looked at by every lookup that lands near it.
 */
export function derived<T>(text: string, key: symbol, compute: (text: string) => T): T {
  const { memo } = promptText(text);
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute(text);
  memo.set(key, value);
  return value;
}
