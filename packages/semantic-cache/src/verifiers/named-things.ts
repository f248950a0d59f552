import { canonicalLanguage, languagesIn } from './languages.js';
import { numberMentions } from './number-mentions.js';
import { plainQuotes, promptText, type Word } from './prompt-text.js';
import { stem } from './stem.js';

/** A name, identifier or quotation in a prompt. */
export interface NamedThing {
  /** As written, for reasons. */
  readonly text: string;
  /** Lowercase words of the name (stems), ordinals and regnal numbers as `#n`. */
  readonly words: readonly string[];
  /** The identifier in loose form (`str.strip()` is `str strip`), for code and quotations. */
  readonly loose?: string;
}

/** What one prompt names, and what it offers for the other prompt's names to be found in. */
export interface NamedThings {
  readonly things: readonly NamedThing[];
  readonly languages: ReadonlySet<string>;
  /** Stems of every word, with `#n` for ordinals and regnal numbers. */
  readonly vocabulary: ReadonlySet<string>;
  /** Lowercase words in order, for acronyms ("US" is "United States"). */
  readonly sequence: readonly string[];
  /** The whole prompt in loose form, between spaces. */
  readonly loose: string;
}

const CODE_SPAN = /`([^`]+)`|"([^"]{1,80})"|(?:^|[\s([{,:;])'([^'\n]{1,60})'(?![A-Za-z0-9])/g;
/** Characters without which a prompt holds no identifier: skips the costly scan for most. */
const MAY_HOLD_IDENTIFIER = /[a-z][A-Z]|[A-Z][a-z]+[A-Z]|_|\w\.\w|\(\)|(?:^|\s)-/;
const IDENTIFIER = new RegExp(
  [
    String.raw`[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(\))?`, // Array.prototype.map, os.path
    String.raw`[A-Za-z_$][\w$]*\(\)`, // zip()
    String.raw`[a-z]+[A-Z][\w$]*`, // useEffect, iPhone
    String.raw`[A-Z][a-z]+[A-Z][\w$]*`, // JavaScript, GitHub
    String.raw`\w*[a-zA-Z]_\w+`, // snake_case, __init__
    String.raw`--?[a-z][\w-]*`, // --hard, -rf
  ]
    .map((alternative) => `(?<![\\w$.-])(?:${alternative})`)
    .join('|'),
  'g',
);
const IDENTIFIER_EDGE = /[\w$.-]/;
/** Words that link the parts of one name: "Statue of Liberty", "Romeo and Juliet". */
const NAME_LINKS = new Set(['of', 'the', 'and', 'de', 'la', 'von', 'van', 'del', 'da', '&']);
/** Capitalised words that name nothing. */
const NOT_NAMES = new Set(['i', "i'm", "i've", "i'd", "i'll", 'ok', 'okay', 'hi', 'hello', 'hey']);
const ROMAN = /^[IVX]{2,}$|^I$/;

export function looseForm(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(\)/g, '')
    .replace(/[^\p{L}\p{N}+#]+/gu, ' ')
    .trim();
}

function wordKey(word: Word, ordinals: ReadonlyMap<number, string>): string {
  return ordinals.get(word.start) ?? word.stem;
}

const startsUpper = (word: Word) => word.raw[0] !== word.lower[0];

function isNameWord(word: Word, titleCase: boolean): boolean {
  if (!startsUpper(word) || NOT_NAMES.has(word.lower)) return false;
  const allCaps = word.raw.length > 1 && word.raw === word.raw.toUpperCase();
  const innerCapital = word.raw.slice(1) !== word.lower.slice(1);
  if (allCaps || innerCapital) return true;
  return !word.initial && !titleCase;
}

/** Names, identifiers, quotations and languages in `text`. */
export function namedThings(text: string): NamedThings {
  const plain = plainQuotes(text);
  const { words } = promptText(text);
  const things: NamedThing[] = [];
  const ordinals = new Map<number, string>();
  for (const mention of numberMentions(text)) {
    if (mention.value.startsWith('#')) ordinals.set(mention.start, mention.value);
  }
  const spans = /[`"'“”]/.test(text) ? text.replace(/[“”]/g, '"').matchAll(CODE_SPAN) : [];
  for (const match of spans) {
    const inner = match[1] ?? match[2] ?? match[3] ?? '';
    const loose = looseForm(inner);
    if (loose !== '' && canonicalLanguage(loose) === undefined) {
      things.push({ text: inner, words: loose.split(' ').map(stem), loose });
    }
  }
  const identifiers = MAY_HOLD_IDENTIFIER.test(plain) ? plain.matchAll(IDENTIFIER) : [];
  for (const match of identifiers) {
    const before = plain[match.index - 1] ?? ' ';
    const after = plain[match.index + match[0].length] ?? ' ';
    const edgeAfter =
      after === '.'
        ? /\w/.test(plain[match.index + match[0].length + 1] ?? '')
        : IDENTIFIER_EDGE.test(after);
    if (IDENTIFIER_EDGE.test(before) || edgeAfter) continue;
    if (match[0].split('.').some((part) => part.replace(/\(\)$/, '').length < 2)) continue; // "e.g"
    const loose = looseForm(match[0]);
    if (canonicalLanguage(loose.replace(/ /g, '')) !== undefined) continue;
    things.push({ text: match[0], words: loose.split(' ').map(stem), loose });
  }
  // "How To Reverse A List In Python": when every longer word is capitalised, capitals say
  // nothing. A short prompt can look like that by chance ("Who painted The Night Watch?").
  const longer = words.filter((word) => word.raw.length >= 4);
  const titleCase = longer.length >= 4 && longer.every(startsUpper);
  let phrase: Word[] = [];
  const flush = () => {
    while (phrase.length > 0 && NAME_LINKS.has(phrase.at(-1)?.lower ?? '')) phrase.pop();
    const keys = phrase.filter((word) => !NAME_LINKS.has(word.lower));
    const single = keys.length === 1 ? keys[0] : undefined;
    const isLanguage = single !== undefined && canonicalLanguage(single.lower) !== undefined;
    // A lone capital letter is a variable, a grade or a unit ("°F"), not a name.
    const isLetter = single !== undefined && single.raw.length === 1;
    if (keys.length > 0 && !isLanguage && !isLetter) {
      const name = plain.slice(phrase[0]?.start ?? 0, phrase.at(-1)?.end ?? 0);
      things.push({ text: name, words: keys.map((word) => wordKey(word, ordinals)) });
    }
    phrase = [];
  };
  for (const word of words) {
    const continues = phrase.length > 0 && (NAME_LINKS.has(word.lower) || ROMAN.test(word.raw));
    if (isNameWord(word, titleCase) || (continues && !word.initial)) phrase.push(word);
    else flush();
  }
  flush();
  const vocabulary = new Set<string>();
  const sequence: string[] = [];
  for (const word of words) {
    vocabulary.add(word.stem);
    vocabulary.add(wordKey(word, ordinals));
    sequence.push(word.lower);
  }
  return {
    things,
    languages: languagesIn(text),
    vocabulary,
    sequence,
    loose: ` ${sequence.join(' ')} `,
  };
}
