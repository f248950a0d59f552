import { InvalidArgumentError } from '@x/redis-core';
import { PASS, reject } from './differences.js';
import { type HitVerifier, VERIFIER_NAME } from './hit-verifier.js';
import { OPPOSITE_PAIRS } from './opposite-pairs.js';
import { derived, promptText } from './prompt-text.js';

/** One side of an opposite pair: a word or phrase, or several that mean the same. */
export type OppositeSide = string | readonly string[];

/** Two sides that must not stand for each other: `['install', 'uninstall']`. */
export type OppositePair = readonly [OppositeSide, OppositeSide];

/** Options of {@link createOppositesVerifier}. */
export interface OppositesVerifierOptions {
  /**
   * Pairs to check besides the built-in ones, for a domain's own antonyms
   * (`[['long', 'short'], [['bullish'], ['bearish']]]`). Give base forms: plurals, verb endings
   * and comparatives are derived. Matching ignores case.
   */
  readonly extraPairs?: readonly OppositePair[];
  /**
   * Whether to check the built-in pairs (install/uninstall, min/max, before/after, ...).
   * @default true
   */
  readonly builtInPairs?: boolean;
}

const NEGATORS = /^(?:not|no|never|without)$|n't$/;

/** Forms of a base word: plural, verb endings, comparative and superlative. */
function inflections(base: string): string[] {
  const forms = [
    base,
    `${base}s`,
    `${base}es`,
    `${base}ed`,
    `${base}ing`,
    `${base}er`,
    `${base}est`,
  ];
  if (base.endsWith('e'))
    forms.push(`${base}d`, `${base}r`, `${base}st`, `${base.slice(0, -1)}ing`);
  if (base.endsWith('y')) {
    const stemY = base.slice(0, -1);
    forms.push(`${stemY}ies`, `${stemY}ied`, `${stemY}ier`, `${stemY}iest`);
  }
  if (/[^aeiou][aeiou][bdglmnprt]$/.test(base) && base.length <= 4) {
    const doubled = `${base}${base.at(-1)}`;
    forms.push(`${doubled}ed`, `${doubled}ing`, `${doubled}er`, `${doubled}est`);
  }
  return forms;
}

interface Lexicon {
  /** Form (one or two words) → the pairs it belongs to, as `pair * 2 + side`. */
  readonly sides: ReadonlyMap<string, readonly number[]>;
  readonly pairs: number;
}

function compile(pairs: readonly OppositePair[]): Lexicon {
  const sides = new Map<string, number[]>();
  pairs.forEach((pair, index) => {
    for (const [side, words] of pair.entries()) {
      for (const entry of typeof words === 'string' ? [words] : words) {
        const [first = '', ...rest] = entry.toLowerCase().trim().split(/\s+/);
        for (const form of inflections(first)) {
          const key = [form, ...rest].join(' ');
          const list = sides.get(key) ?? [];
          if (!list.includes(index * 2 + side)) list.push(index * 2 + side);
          sides.set(key, list);
        }
      }
    }
  });
  return { sides, pairs: pairs.length };
}

function sideWords(side: unknown): string[] | undefined {
  const words = typeof side === 'string' ? [side] : Array.isArray(side) ? [...side] : undefined;
  const isEntry = (word: unknown) =>
    typeof word === 'string' && word.trim() !== '' && word.trim().split(/\s+/).length <= 2;
  return words !== undefined && words.length > 0 && words.every(isEntry) ? words : undefined;
}

function validate(pairs: readonly OppositePair[]): void {
  for (const pair of pairs) {
    const [first, second] = Array.isArray(pair) && pair.length === 2 ? pair.map(sideWords) : [];
    const overlap = first?.some((word) =>
      second?.some((other) => other.toLowerCase() === word.toLowerCase()),
    );
    if (first === undefined || second === undefined || overlap) {
      throw new InvalidArgumentError(
        `opposite pair ${JSON.stringify(pair)} must be two non-empty sides of one- or two-word ` +
          `entries, none on both sides; write it as ['install', 'uninstall'] or ` +
          `[['add', 'insert'], ['remove']]`,
      );
    }
  }
}

/** For each pair a prompt touches, which of its sides it uses: bit 1 for the first, 2 the second. */
function sidesUsed(text: string, lexicon: Lexicon): Map<number, { mask: number; word: string }> {
  const { words } = promptText(text);
  const used = new Map<number, { mask: number; word: string }>();
  for (let index = 0; index < words.length; index++) {
    const one = words[index]?.lower ?? '';
    const next = words[index + 1]?.lower;
    const two = next === undefined ? undefined : lexicon.sides.get(`${one} ${next}`);
    const codes = two ?? lexicon.sides.get(one);
    if (codes === undefined) continue;
    // "without losing your changes" keeps them: a negated word opposes nothing.
    const negated =
      NEGATORS.test(words[index - 1]?.lower ?? '') || NEGATORS.test(words[index - 2]?.lower ?? '');
    if (negated) continue;
    const key = two === undefined ? one : `${one} ${next}`;
    for (const code of codes) {
      const pair = code >> 1;
      const previous = used.get(pair);
      used.set(pair, {
        mask: (previous?.mask ?? 0) | (1 << (code & 1)),
        word: previous?.word ?? key,
      });
    }
  }
  return used;
}

/**
 * Refuses a hit when one prompt uses a word and the other its opposite, and neither uses both.
 *
 * Catches: install/uninstall, add/remove, increase/decrease, enable/disable, min/max, buy/sell,
 * boiling/freezing, pros/cons, start/stop, encrypt/decrypt, import/export, upload/download,
 * push/pull, open/close, before/after, first/last, ascending/descending, hottest/coldest,
 * most/least and about a hundred more (see `OPPOSITE_PAIRS`), in any inflection ("installing",
 * "hottest", "rises"), plus the pairs you add. A word right after "not", "no", "never" or
 * "without" is ignored: "without losing my changes" is no opposite of "keep my changes".
 *
 * Cannot catch: antonyms missing from the list, or an opposite carried by a whole phrase ("get
 * rid of" / "add"). A prompt that uses both sides ("pros and cons") opposes neither.
 */
export function createOppositesVerifier(options: OppositesVerifierOptions = {}): HitVerifier {
  const extraPairs = options.extraPairs ?? [];
  validate(extraPairs);
  const lexicon = compile([
    ...(options.builtInPairs === false ? [] : OPPOSITE_PAIRS),
    ...extraPairs,
  ]);
  // Each verifier has its own lexicon, so what it derives from a text is kept under its own key.
  const key = Symbol('opposites');
  const sidesOf = (text: string) => derived(text, key, () => sidesUsed(text, lexicon));
  return {
    name: VERIFIER_NAME.opposites,
    verify({ prompt, cached }) {
      const mine = sidesOf(prompt);
      if (mine.size === 0) return PASS;
      const theirs = sidesOf(cached.prompt);
      for (const [pair, used] of mine) {
        const other = theirs.get(pair);
        if (other === undefined || used.mask === 3 || other.mask === 3) continue;
        if (used.mask !== other.mask) {
          return reject(`"${used.word}" in the prompt is the opposite of "${other.word}" cached`);
        }
      }
      return PASS;
    },
  };
}
