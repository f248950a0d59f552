import { PASS, reject } from './differences.js';
import { type HitVerifier, VERIFIER_NAME } from './hit-verifier.js';
import { derived, promptText, type Word } from './prompt-text.js';

/** How much of a set a prompt asks about, or which member. */
const SCOPE = {
  all: 'all',
  any: 'any',
  one: 'one',
  several: 'several',
  each: 'each',
  whole: 'whole',
  first: 'first',
  last: 'last',
  nth: 'nth',
  except: 'except',
} as const;
type Scope = (typeof SCOPE)[keyof typeof SCOPE];

/** Scopes that ask for different answers when one prompt has one and the other the other. */
const CONFLICTS: readonly (readonly [Scope, Scope])[] = [
  [SCOPE.all, SCOPE.any],
  [SCOPE.all, SCOPE.one],
  [SCOPE.all, SCOPE.several],
  [SCOPE.all, SCOPE.first],
  [SCOPE.all, SCOPE.last],
  [SCOPE.all, SCOPE.nth],
  [SCOPE.one, SCOPE.several],
  [SCOPE.first, SCOPE.last],
  [SCOPE.first, SCOPE.nth],
  [SCOPE.last, SCOPE.nth],
  [SCOPE.each, SCOPE.whole],
];
/** Scopes that change the answer even when the other prompt names no scope at all. */
const DECISIVE: ReadonlySet<Scope> = new Set([SCOPE.nth, SCOPE.except]);

const WORDS = new Map<string, Scope>([
  ['all', SCOPE.all],
  ['every', SCOPE.all],
  ['both', SCOPE.all],
  ['any', SCOPE.any],
  ['single', SCOPE.one],
  ['several', SCOPE.several],
  ['multiple', SCOPE.several],
  ['various', SCOPE.several],
  ['each', SCOPE.each],
  ['whole', SCOPE.whole],
  ['entire', SCOPE.whole],
  ['first', SCOPE.first],
  ['last', SCOPE.last],
  ['final', SCOPE.last],
  ['latest', SCOPE.last],
  ['second', SCOPE.nth],
  ['third', SCOPE.nth],
  ['fourth', SCOPE.nth],
  ['fifth', SCOPE.nth],
  ['penultimate', SCOPE.nth],
  ['except', SCOPE.except],
  ['excluding', SCOPE.except],
]);
/** "every day", "all night", "last week": how often or when, not how much of a set. */
const TIME_WORDS = new Set([
  'day',
  'days',
  'week',
  'weeks',
  'weekend',
  'month',
  'months',
  'year',
  'years',
  'hour',
  'hours',
  'minute',
  'minutes',
  'second',
  'seconds',
  'time',
  'morning',
  'night',
  'evening',
  'along',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'the',
]);
const SECOND_AS_TIME = new Set(['a', 'one', 'per', 'each', 'every', 'split', 'half']);

function scopeOf(words: readonly Word[], index: number): Scope | undefined {
  const word = words[index] as Word;
  const next = words[index + 1]?.lower ?? '';
  const previous = words[index - 1]?.lower ?? '';
  if (word.lower === 'one') {
    // "just one file", "one tab" count; "one of", "no one", "one day" do not.
    if (['just', 'only', 'exactly', 'a', 'single'].includes(previous)) return SCOPE.one;
    const determiner =
      !['of', 'another', 'day', 'time', 'more', 'by'].includes(next) && next !== '';
    return determiner && !['no', 'which', 'the', 'than', 'any', 'every'].includes(previous)
      ? SCOPE.one
      : undefined;
  }
  if (word.lower === 'more' && next === 'than' && words[index + 2]?.lower === 'one') {
    return SCOPE.several;
  }
  if ((word.lower === 'other' && next === 'than') || (word.lower === 'apart' && next === 'from')) {
    return SCOPE.except;
  }
  const scope = WORDS.get(word.lower);
  if (scope === undefined) return undefined;
  if (!word.initial && word.raw[0] !== word.lower[0]) return undefined; // "Second World War"
  if (
    (scope === SCOPE.all || scope === SCOPE.each || scope === SCOPE.last) &&
    TIME_WORDS.has(next)
  ) {
    return next === 'the' && words[index + 2]?.lower !== 'time' ? scope : undefined;
  }
  if (word.lower === 'second' && SECOND_AS_TIME.has(previous)) return undefined;
  if (scope === SCOPE.last && ['at', 'to'].includes(previous)) return undefined; // "at last"
  return scope;
}

function scopesOf(text: string): Map<Scope, string> {
  const { words } = promptText(text);
  const scopes = new Map<Scope, string>();
  for (let index = 0; index < words.length; index++) {
    const scope = scopeOf(words, index);
    if (scope !== undefined && !scopes.has(scope)) scopes.set(scope, words[index]?.lower ?? '');
  }
  // "more than one" names "one" but means several.
  if (scopes.get(SCOPE.one) === 'one' && scopes.has(SCOPE.several) && /more than one/i.test(text)) {
    scopes.delete(SCOPE.one);
  }
  return scopes;
}

const SCOPES = Symbol('scopes');

/**
 * Refuses a hit when the prompts ask about different parts of a set: all or any, one or
 * several, the first or the last, each or the whole, or everything but something.
 *
 * Catches: "check if all elements are positive" / "if any element is", "close all tabs" /
 * "close one tab", "the first occurrence" / "all occurrences", "the first line" / "the last
 * line", "the maximum of each column" / "of the whole table", "the most abundant" / "the second
 * most abundant", "delete a branch" / "delete all branches except main".
 *
 * Cannot catch: scope carried by grammatical number alone ("select a row" / "select rows"), or
 * by words outside its list. A scope word on one side only passes ("list all files" asks what
 * "list the files" asks), except an ordinal after the first or "except", which always narrow
 * the question. Time expressions are not scopes ("every day", "last week").
 */
export function createQuantifiersVerifier(): HitVerifier {
  return {
    name: VERIFIER_NAME.quantifiers,
    verify({ prompt, cached }) {
      const mine = derived(prompt, SCOPES, scopesOf);
      const theirs = derived(cached.prompt, SCOPES, scopesOf);
      if (mine.size === 0 && theirs.size === 0) return PASS;
      for (const [left, right] of CONFLICTS) {
        for (const [one, other] of [
          [mine, theirs],
          [theirs, mine],
        ] as const) {
          if (one.has(left) && other.has(right) && !one.has(right) && !other.has(left)) {
            const [here, there] = one === mine ? [left, right] : [right, left];
            return reject(`"${mine.get(here)}" in the prompt, "${theirs.get(there)}" cached`);
          }
        }
      }
      for (const scope of DECISIVE) {
        if (mine.has(scope) !== theirs.has(scope)) {
          const word = mine.get(scope) ?? theirs.get(scope);
          return reject(
            `"${word}" in ${mine.has(scope) ? 'the prompt' : 'the cached prompt'} only`,
          );
        }
      }
      return PASS;
    },
  };
}
