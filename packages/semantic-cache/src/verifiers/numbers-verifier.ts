import { missingFrom, PASS, quoted, reject, substituted } from './differences.js';
import { type HitVerifier, VERIFIER_NAME } from './hit-verifier.js';
import { numberMentions } from './number-mentions.js';
import { derived } from './prompt-text.js';

const NUMBERS = Symbol('numbers');

/** Each distinct value, and whether it was ever written with digits. */
function valuesOf(text: string): ReadonlyMap<string, boolean> {
  return derived(text, NUMBERS, () => {
    const values = new Map<string, boolean>();
    for (const mention of numberMentions(text)) {
      values.set(mention.value, (values.get(mention.value) ?? false) || mention.digits);
    }
    return values;
  });
}

/**
 * Refuses a hit when the two prompts ask about different numbers, ordinals, dates or times.
 *
 * Catches: a number swapped for another ("is 91 prime" / "is 89 prime", "18%" / "8%"), a year or
 * a version ("Node 18" / "Node 20", "Python 3.12" / "3.11", "v4" / "v3"), an ordinal ("10th" /
 * "12th"), a month, weekday or relative day ("tomorrow" / "today", "last week" / "next week"),
 * and a number written with digits on one side only ("explain it to a 5-year-old"). Numbers are
 * compared by value: "five" is 5, "$300,000" is 300000, "5k" is 5000, "2 pm" is 14:00, "the
 * second" is "the 2nd" and "World War II", "midnight" is 00:00.
 *
 * Cannot catch: a number the other prompt implies without writing it ("a day" / "24 hours" is
 * refused although it is the same), or one that changes meaning without changing value ("5 km" /
 * "5 miles": the units verifier sees that). A number word on one side only passes, because "one
 * day", "two-factor" and "every day" rarely change the question; a digit number on one side only
 * is refused.
 */
export function createNumbersVerifier(): HitVerifier {
  return {
    name: VERIFIER_NAME.numbers,
    verify({ prompt, cached }) {
      const mine = valuesOf(prompt);
      const theirs = valuesOf(cached.prompt);
      if (mine.size === 0 && theirs.size === 0) return PASS;
      const onlyMine = missingFrom(mine.keys(), theirs);
      const onlyTheirs = missingFrom(theirs.keys(), mine);
      if (onlyMine.length > 0 && onlyTheirs.length > 0) {
        return substituted('numbers', onlyMine, onlyTheirs);
      }
      const withDigits = onlyMine.filter((value) => mine.get(value));
      if (withDigits.length > 0) return reject(`the prompt adds ${quoted(withDigits)}`);
      const cachedDigits = onlyTheirs.filter((value) => theirs.get(value));
      if (cachedDigits.length > 0) return reject(`the prompt drops ${quoted(cachedDigits)}`);
      return PASS;
    },
  };
}
