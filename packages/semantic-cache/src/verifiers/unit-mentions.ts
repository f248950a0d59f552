import { derived, promptText, type Word } from './prompt-text.js';
import { LONGEST_SPELLING, UNIT_FIRST_WORDS, unitsOfSpelling } from './units-lexicon.js';

/** A unit or currency written in a prompt. */
export interface UnitMention {
  /** Canonical units ("mph" gives mile and hour). */
  readonly units: readonly string[];
  /** Offsets in the prompt's text. */
  readonly start: number;
  readonly end: number;
  /** The number the unit measures, when one stands right before it ("100 °F" gives "100"). */
  readonly quantity?: string;
}

/** Currency and degree signs, which are no words: "$5", "US$", "€", "30 °C", "100°F". */
const SYMBOL = /(?<![\p{L}])(?:us|c|a|r)?\$|[€£¥₹₩₽₺]|[°º]\s?[cfk]?(?![\p{L}])/giu;
const NUMBER_BEFORE = /(?<![\p{L}\p{N}.,])(\d[\d,]*(?:\.\d+)?)[\s-]?$/u;
const NUMBER_AFTER = /^\s?(\d[\d,]*(?:\.\d+)?)/;
const GLUED = /^(\d[\d,]*(?:\.\d+)?)(\p{L}+)$/u;

const canonicalNumber = (digits: string) => String(Number(digits.replaceAll(',', '')));

function quantityBefore(lower: string, start: number): string | undefined {
  const digits = NUMBER_BEFORE.exec(lower.slice(Math.max(0, start - 24), start))?.[1];
  return digits === undefined ? undefined : canonicalNumber(digits);
}

function wordMentions(lower: string, words: readonly Word[], mentions: UnitMention[]): void {
  let index = 0;
  while (index < words.length) {
    const word = words[index] as Word;
    const glued = GLUED.exec(word.lower);
    if (glued) {
      const units = unitsOfSpelling(glued[2] ?? '', true);
      if (units) {
        const quantity = canonicalNumber(glued[1] ?? '');
        mentions.push({ units, start: word.start, end: word.end, quantity });
      }
      index++;
      continue;
    }
    if (!UNIT_FIRST_WORDS.has(word.lower)) {
      index++;
      continue;
    }
    let found = false;
    const quantity = quantityBefore(lower, word.start);
    for (let size = Math.min(LONGEST_SPELLING, words.length - index); size >= 1; size--) {
      const end = words[index + size - 1]?.end ?? word.end;
      const spelling = size === 1 ? word.lower : lower.slice(word.start, end).replace(/\s+/g, ' ');
      const units = unitsOfSpelling(spelling, quantity !== undefined);
      if (units === undefined) continue;
      mentions.push(
        quantity === undefined
          ? { units, start: word.start, end }
          : { units, start: word.start, end, quantity },
      );
      index += size;
      found = true;
      break;
    }
    if (!found) index++;
  }
}

function findUnits(text: string): UnitMention[] {
  const { lower, words } = promptText(text);
  const mentions: UnitMention[] = [];
  wordMentions(lower, words, mentions);
  for (const match of lower.matchAll(SYMBOL)) {
    const spelling = match[0].replace(/\s+/g, '');
    const units = unitsOfSpelling(spelling, false) ?? unitsOfSpelling(spelling.slice(-2), false);
    if (units === undefined) continue;
    const start = match.index;
    const end = start + match[0].length;
    // "$5" puts the currency before its number, "30 °C" the degree after it.
    const after = spelling.endsWith('$') || /^[€£¥₹₩₽₺]$/.test(spelling);
    const digits = after ? NUMBER_AFTER.exec(lower.slice(end, end + 24))?.[1] : undefined;
    const quantity = after ? digits && canonicalNumber(digits) : quantityBefore(lower, start);
    mentions.push(quantity ? { units, start, end, quantity } : { units, start, end });
  }
  return mentions.sort((left, right) => left.start - right.start);
}

const UNITS = Symbol('unit mentions');

/** Every unit and currency `text` writes, in order. */
export function unitMentions(text: string): readonly UnitMention[] {
  return derived(text, UNITS, findUnits);
}
