import { PASS, substituted } from './differences.js';
import { type HitVerifier, VERIFIER_NAME } from './hit-verifier.js';
import { type NamedThing, type NamedThings, namedThings } from './named-things.js';
import { derived } from './prompt-text.js';
import { isStopword } from './stopwords.js';

const NAMES = Symbol('names');
const ACRONYM_SKIPS = new Set(['of', 'and', 'the', 'for', 'to', '&']);
const DIGIT_WORDS: Readonly<Record<string, string>> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
};

/** Whether words of `sequence`, from some position on, have `acronym` as their initials. */
function spells(acronym: string, sequence: readonly string[]): boolean {
  for (let start = 0; start < sequence.length; start++) {
    let letter = 0;
    for (let at = start; at < sequence.length && letter < acronym.length; at++) {
      const word = sequence[at] as string;
      if (at > start && ACRONYM_SKIPS.has(word)) continue;
      const initial = DIGIT_WORDS[word] ?? word[0] ?? '';
      if (!acronym.startsWith(initial, letter)) break;
      letter += initial.length;
    }
    if (letter === acronym.length && acronym.length >= 2) return true;
  }
  return false;
}

function initials(thing: NamedThing): string {
  return thing.words.map((word) => word[0] ?? '').join('');
}

/** Whether a word of the other prompt starts with `word` or is its start ("Mac" / "macOS"). */
function prefixes(word: string, other: NamedThings): boolean {
  if (word.length < 3) return false;
  for (const candidate of other.vocabulary) {
    if (candidate.length < 3 || isStopword(candidate)) continue;
    if (candidate.startsWith(word) || word.startsWith(candidate)) {
      return true;
    }
  }
  return false;
}

/** Whether the other prompt mentions `thing`: by its words, its loose form or an acronym. */
function mentions(other: NamedThings, thing: NamedThing): boolean {
  if (thing.loose !== undefined && other.loose.includes(` ${thing.loose} `)) return true;
  if (thing.words.every((word) => other.vocabulary.has(word) || prefixes(word, other))) return true;
  const acronym = thing.text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (thing.words.length === 1 && thing.text === thing.text.toUpperCase()) {
    return spells(acronym, other.sequence);
  }
  return thing.words.length >= 2 && other.vocabulary.has(initials(thing));
}

function unmatched(mine: NamedThings, theirs: NamedThings): string[] {
  return mine.things.filter((thing) => !mentions(theirs, thing)).map((thing) => thing.text);
}

/**
 * Refuses a hit when each prompt names something the other does not: another person, place,
 * product, work, identifier or language.
 *
 * Catches: capitalised names inside a sentence ("the CEO of Microsoft" / "of Apple", "Portland,
 * Oregon" / "Portland, Maine"), acronyms and words with inner capitals anywhere ("NBA",
 * "iPhone", "GitHub"), code identifiers (`backticked`, `camelCase`, `snake_case`,
 * `dotted.paths`, `calls()`, `--flags`), quoted titles and strings, and programming or natural
 * languages in any case ("in python" / "in Java", "in Spanish" / "in English", "C#", "C++").
 * A name is found in the other prompt by its words in any case or order, by an acronym ("US" /
 * "United States", "LCM" / "least common multiple", "2FA" / "two-factor authentication"), and
 * "World War II" is "the Second World War".
 *
 * Cannot catch: a name on one side only (that often is context the other prompt leaves
 * implicit, so it passes), lowercase names outside its language list ("spotify" / "netflix":
 * the substitution verifier sees those in otherwise identical prompts), a sentence-initial name
 * ("Apple's CEO?"), or an alias it does not know ("NYC" / "New York" passes only when spelled
 * out by initials).
 */
export function createNamesVerifier(): HitVerifier {
  return {
    name: VERIFIER_NAME.names,
    verify({ prompt, cached }) {
      const mine = derived(prompt, NAMES, namedThings);
      const theirs = derived(cached.prompt, NAMES, namedThings);
      const languagesMine = [...mine.languages].filter(
        (language) => !theirs.languages.has(language),
      );
      const languagesTheirs = [...theirs.languages].filter(
        (language) => !mine.languages.has(language),
      );
      if (languagesMine.length > 0 && languagesTheirs.length > 0) {
        return substituted('languages', languagesMine, languagesTheirs);
      }
      const onlyMine = unmatched(mine, theirs);
      if (onlyMine.length === 0) return PASS;
      const onlyTheirs = unmatched(theirs, mine);
      if (onlyTheirs.length === 0) return PASS;
      return substituted('names', onlyMine, onlyTheirs);
    },
  };
}
