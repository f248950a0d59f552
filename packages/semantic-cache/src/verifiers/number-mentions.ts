import {
  AMBIGUOUS_MONTHS,
  CARDINALS,
  MONTH_OF,
  NUMBER_WORD_STARTS,
  ORDINALS,
  PERIODS,
  RELATIVE_DAYS,
  RELATIVE_SHIFT,
  ROMAN,
  ROMAN_LETTERS,
  romanValue,
  SCALES,
  TIME_SECOND_BEFORE,
  WEEKDAYS,
} from './number-words.js';
import { derived, promptText } from './prompt-text.js';
import { isUnitSuffix } from './units-lexicon.js';

/** A number, date or time of day found in a prompt, in a canonical form. */
export interface NumberMention {
  /** `18`, `1.5`, `22.04.1`, `1/2`, `#2` (an ordinal), `t14:00`, `month:7`, `day:mon`, ... */
  readonly value: string;
  /** Offset in the prompt's text, and the end of the mention (the unit, if any, follows). */
  readonly start: number;
  readonly end: number;
  /**
   * Written with digits. A digit number on one side only changes the question ("a 5-year-old"),
   * a number word on one side only often does not ("two-factor", "every day").
   */
  readonly digits: boolean;
}

const DIGITS =
  /(?<![A-Za-z0-9_.,\u00C0-\u024F]|[A-Za-z]-)(\d{1,3}(?:,\d{3})+(?!\d)|\d+)((?:\.\d+)+)?(\/\d+)?(?::(\d{2}))?/g;
const AFTER_DIGITS = /^(\s?(?:thousand|million|billion|trillion|bn)\b|\s?[ap]\.?m\b|[a-zµμ]+)/;
const VERSION = /(?<![A-Za-z0-9])v(\d+(?:\.\d+)*)\b/g;

function digitMentions(text: string, mentions: NumberMention[]): void {
  for (const match of text.matchAll(DIGITS)) {
    const [whole, integer = '', fraction, denominator, minutes] = match;
    let end = match.index + whole.length;
    const after = AFTER_DIGITS.exec(text.slice(end, end + 12))?.[1];
    let value = fraction && fraction.split('.').length > 2 ? `${integer}${fraction}` : '';
    let number = Number(`${integer.replaceAll(',', '')}${value ? '' : (fraction ?? '')}`);
    if (after !== undefined) {
      const trimmed = after.trim().replaceAll('.', '');
      if (/^(?:st|nd|rd|th)$/.test(trimmed)) value = `#${number}`;
      else if (trimmed === 'k') number *= 1e3;
      else if (trimmed === 'bn' || trimmed === 'billion') number *= 1e9;
      else if (trimmed === 'million') number *= 1e6;
      else if (trimmed === 'thousand') number *= 1e3;
      else if (trimmed === 'trillion') number *= 1e12;
      else if (/^[ap]m$/.test(trimmed) && !fraction) {
        const hour = (number % 12) + (trimmed === 'pm' ? 12 : 0);
        value = `t${hour}:${minutes ?? '00'}`;
      } else if (!/^(?:x|s)$/.test(trimmed) && !isUnitSuffix(trimmed)) continue; // "2FA", "3D"
      if (!/^\s?[ap]\.?m$/i.test(after) || value.startsWith('t')) end += after.length;
    }
    if (value === '') {
      if (minutes !== undefined) value = `t${Number(integer) % 24}:${minutes}`;
      else if (denominator !== undefined) value = `${integer}${denominator}`;
      else value = String(number);
    }
    mentions.push({ value, start: match.index, end, digits: true });
  }
  for (const match of text.matchAll(VERSION)) {
    mentions.push({
      value: String(Number(match[1])) === match[1] ? match[1] : (match[1] ?? ''),
      start: match.index,
      end: match.index + match[0].length,
      digits: true,
    });
  }
}

/** Whether number word `next` continues the number ending in `previous` ("twenty five"). */
function canFollow(previous: string, next: string): boolean {
  const value = CARDINALS[next] ?? 0;
  if (value <= 0 || next === 'pair' || next === 'twice' || next === 'dozen') return false;
  const before = CARDINALS[previous] ?? 0;
  if (before >= 20 && before % 10 === 0) return value < 10;
  return (previous in SCALES || previous === 'and') && value < 100;
}

function wordMentions(text: string, mentions: NumberMention[]): void {
  const { words } = promptText(text);
  let index = 0;
  while (index < words.length) {
    const word = words[index];
    if (word === undefined) break;
    const lower = word.lower;
    if (!NUMBER_WORD_STARTS.has(lower) && !ROMAN_LETTERS.has(word.raw[0] as string)) {
      index++;
      continue;
    }
    const previous = words[index - 1];
    const next = words[index + 1];
    const push = (value: string, last = index) =>
      mentions.push({ value, start: word.start, end: words[last]?.end ?? word.end, digits: false });
    if (lower in CARDINALS || (lower === 'a' && next && next.lower in SCALES)) {
      // "two hundred fifty", "a hundred", "twenty-five": a run of number words is one number.
      let total = 0;
      let current = lower === 'a' ? 1 : (CARDINALS[lower] ?? 0);
      let last = index;
      for (let ahead = index + 1; ahead < words.length; ahead++) {
        const following = words[ahead]?.lower ?? '';
        if (following in SCALES) {
          current = Math.max(current, 1) * (SCALES[following] ?? 1);
          if ((SCALES[following] ?? 0) >= 1e3) {
            total += current;
            current = 0;
          }
        } else if (following in CARDINALS && canFollow(words[last]?.lower ?? '', following)) {
          current += CARDINALS[following] ?? 0;
        } else if (following !== 'and' || words[last]?.lower !== 'hundred') break;
        last = ahead;
      }
      const value = total + current;
      // "one" is mostly the article "a" ("in one day", "one of"): it tells nothing.
      if (!(lower === 'one' && last === index)) push(String(value), last);
      index = last + 1;
      continue;
    }
    if (/^(?:one|two|three|four|five|six|seven|eight|nine|ten)(?:e?s)$/.test(lower)) {
      push(String(CARDINALS[lower.replace(/e?s$/, '')] ?? ''));
    } else if (lower in ORDINALS) {
      const isTimeUnit = lower === 'second' && TIME_SECOND_BEFORE.has(previous?.lower ?? '');
      if (!isTimeUnit) push(`#${ORDINALS[lower]}`);
    } else if (MONTH_OF.has(lower)) {
      const capitalised = word.raw[0] !== lower[0] && !word.initial;
      const besideNumber = /^\d/.test(next?.raw ?? '') || /^\d/.test(previous?.raw ?? '');
      if (!AMBIGUOUS_MONTHS.has(lower) || capitalised || besideNumber) {
        if (lower.length > 3 || besideNumber || capitalised) push(`month:${MONTH_OF.get(lower)}`);
      }
    } else if (WEEKDAYS.includes(lower) && !RELATIVE_SHIFT.has(previous?.lower ?? '')) {
      push(`day:${lower.slice(0, 3)}`);
    } else if (RELATIVE_DAYS.has(lower)) {
      push(RELATIVE_DAYS.get(lower) ?? lower);
    } else if (RELATIVE_SHIFT.has(lower) && next && PERIODS.has(next.lower)) {
      push(`${RELATIVE_SHIFT.get(lower)}:${next.lower}`, index + 1);
      index += 2;
      continue;
    } else if (ROMAN.test(word.raw) && previous && /^\p{Lu}\p{Ll}/u.test(previous.raw)) {
      // A regnal or sequel number after a capitalised name: "Henry VIII", "World War II".
      if (word.raw !== 'I' || !previous.initial) push(`#${romanValue(word.raw)}`);
    }
    index++;
  }
}

function findNumbers(text: string): NumberMention[] {
  const mentions: NumberMention[] = [];
  const { lower } = promptText(text);
  if (/\d/.test(lower)) digitMentions(lower, mentions);
  wordMentions(text, mentions);
  return mentions.sort((left, right) => left.start - right.start);
}

const NUMBERS = Symbol('number mentions');

/** Every number, ordinal, date and time of day in `text`, in order of appearance. */
export function numberMentions(text: string): readonly NumberMention[] {
  return derived(text, NUMBERS, findNumbers);
}
