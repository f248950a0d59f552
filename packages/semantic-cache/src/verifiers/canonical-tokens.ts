import { canonicalLanguage } from './languages.js';
import { derived, promptText } from './prompt-text.js';
import { stem } from './stem.js';
import { type UnitMention, unitMentions } from './unit-mentions.js';

/** A word of a prompt reduced to what it means for comparison. */
export interface CanonicalToken {
  /** Stem, language name ("js" → javascript), digit for a number word, or `u:<unit>`. */
  readonly canon: string;
  /** Function word or word of asking. */
  readonly stop: boolean;
  /** As written (lowercase). */
  readonly lower: string;
}

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  twenty: '20',
  hundred: '100',
  thousand: '1000',
};
const ARTICLES = new Set(['a', 'an', 'the']);
const ARROW = /->|=>|→|⇒/;
const TO: CanonicalToken = { canon: 'to', stop: true, lower: 'to' };

function unitToken(unit: UnitMention, lower: string): CanonicalToken {
  return { canon: `u:${unit.units.join('+')}`, stop: false, lower };
}

function canonicalize(text: string): CanonicalToken[] {
  const { text: original, lower, words } = promptText(text);
  const units = unitMentions(text);
  const tokens: CanonicalToken[] = [];
  let unitIndex = 0;
  let previousEnd = 0;
  for (const word of words) {
    if (ARROW.test(original.slice(previousEnd, word.start))) tokens.push(TO);
    previousEnd = word.end;
    // Units that no word carries ("$", "°F") come before the word that follows them.
    for (let unit = units[unitIndex]; unit && unit.end <= word.start; unit = units[++unitIndex]) {
      tokens.push(unitToken(unit, lower.slice(unit.start, unit.end)));
    }
    const unit = units[unitIndex];
    if (unit !== undefined && unit.start <= word.start && word.start < unit.end) {
      // A unit in several words ("fluid ounces") is one token; "5km" is a number and a unit.
      if (unit.quantity !== undefined && /^\d/.test(word.lower)) {
        tokens.push({ canon: unit.quantity, stop: false, lower: unit.quantity });
      }
      if (word.end >= unit.end) {
        tokens.push(unitToken(unit, lower.slice(unit.start, unit.end)));
        unitIndex++;
      }
      continue;
    }
    if (ARTICLES.has(word.lower)) continue;
    const canon =
      NUMBER_WORDS[word.lower] ??
      canonicalLanguage(word.lower) ??
      stem(word.lower.replace(/'s$/, ''));
    tokens.push({ canon, stop: word.stop, lower: word.lower });
  }
  for (const unit of units.slice(unitIndex))
    tokens.push(unitToken(unit, lower.slice(unit.start, unit.end)));
  return tokens;
}

const CANONICAL = Symbol('canonical tokens');

/**
 * The words of `text` without articles, each reduced to a canonical form: stems, folded units
 * ("kilometres" and "km" are `u:kilometer`), language aliases and number words as digits.
 * "->" and "→" read as "to".
 */
export function canonicalTokens(text: string): readonly CanonicalToken[] {
  return derived(text, CANONICAL, canonicalize);
}
