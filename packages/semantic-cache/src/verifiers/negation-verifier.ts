import { PASS, reject } from './differences.js';
import { type HitVerifier, VERIFIER_NAME } from './hit-verifier.js';
import { derived, promptText, type Word } from './prompt-text.js';
import { stem } from './stem.js';

const NEGATORS = new Set(['not', 'no', 'never', 'without', 'none', 'nor', 'neither', 'cannot']);
/** Verbs that negate what follows when followed by "to": "fails to compile", "unable to". */
const NEGATING_BEFORE_TO = new Set(['fail', 'fails', 'failed', 'failing', 'unable', 'refuse']);
/** "I don't know how to", "if you don't mind", "not sure": the asker hedges, nothing is negated. */
const HEDGES = new Set([
  'know',
  'understand',
  'mind',
  'sure',
  'remember',
  'idea',
  'think',
  'figure',
  'recall',
  'get',
  'matter',
  'only',
  'doubt',
  'worry',
]);
/** Words after which a negation's scope ends: a new clause or a new argument. */
const SCOPE_ENDS = new Set([
  'and',
  'or',
  'but',
  'that',
  'which',
  'who',
  'when',
  'where',
  'if',
  'because',
  'so',
  'while',
  'for',
  'in',
  'on',
  'at',
  'with',
  'from',
  'to',
  'by',
  'of',
  'about',
  'into',
  'than',
  'as',
]);
/** Words ending in "less" that mean no absence. */
const NOT_PRIVATIVE = new Set(['unless', 'regardless', 'nevertheless', 'bless', 'less']);
const PUNCTUATION_BETWEEN = /[,.;:!?()\u2014\u2013"]/;
/**
 * How many content words a negation covers. One: in "without losing my changes" the loss is
 * negated, not the changes, and "without using chemical cleaners" negates the chemicals.
 */
const SCOPE_WORDS = 1;

interface Polarity {
  /** Stems of the content words inside a negation's scope. */
  readonly negated: ReadonlySet<string>;
  /** Stems of the other content words. */
  readonly plain: ReadonlySet<string>;
  /** Plain words as written, for the exact-form test of "un-" and "non-" words. */
  readonly forms: ReadonlySet<string>;
  /** Words with a privative prefix ("unmute", "non-null"): the base and the whole word. */
  readonly prefixed: readonly { readonly base: string; readonly word: string }[];
}

function isNegator(words: readonly Word[], index: number): boolean {
  const word = words[index]?.lower ?? '';
  if (word.endsWith("n't")) {
    // "I don't have buttermilk", "I can't log in": the asker's situation, which a paraphrase
    // states as readily without a negation ("substitute for buttermilk", "login fails").
    return words[index - 1]?.lower !== 'i';
  }
  // "whether or not" asks both ways.
  if (NEGATORS.has(word)) return !(word === 'not' && words[index - 1]?.lower === 'or');
  return NEGATING_BEFORE_TO.has(word) && words[index + 1]?.lower === 'to';
}

function polarityOf(text: string): Polarity {
  const { words } = promptText(text);
  const negated = new Set<string>();
  const inScope = new Set<number>();
  const prefixed: { base: string; word: string }[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as Word;
    if (word.lower.endsWith('less') && word.lower.length >= 7 && !NOT_PRIVATIVE.has(word.lower)) {
      negated.add(stem(word.lower.slice(0, -4))); // "eggless", "sugarless"
    }
    const isFree = word.lower === 'free' && text[word.start - 1] === '-' && index > 0;
    if (isFree) negated.add(words[index - 1]?.stem ?? ''); // "gluten-free"
    if (word.lower === 'non' && words[index + 1]) {
      prefixed.push({ base: words[index + 1]?.lower ?? '', word: `non${words[index + 1]?.lower}` });
    } else if (/^(?:un|non)[a-z]{3,}$/.test(word.lower)) {
      const base = word.lower.slice(word.lower.startsWith('non') ? 3 : 2);
      prefixed.push({ base, word: word.lower });
    }
    if (!isNegator(words, index)) continue;
    const scope: number[] = [];
    for (let ahead = index + 1; ahead < words.length && scope.length < SCOPE_WORDS; ahead++) {
      const next = words[ahead] as Word;
      const gap = text.slice(words[ahead - 1]?.end ?? 0, next.start);
      if (PUNCTUATION_BETWEEN.test(gap)) break;
      // A preposition right after the negator belongs to it ("not in list B"); later, it opens
      // another argument ("not safe for dogs").
      if (SCOPE_ENDS.has(next.lower) && (scope.length > 0 || ahead > index + 1)) break;
      if (next.stop || SCOPE_ENDS.has(next.lower) || isNegator(words, ahead)) continue;
      if (scope.length === 0 && HEDGES.has(next.lower)) break;
      scope.push(ahead);
    }
    if (scope.length > 0 && HEDGES.has(words[scope[0] as number]?.lower ?? '')) continue;
    for (const position of scope) {
      inScope.add(position);
      negated.add(words[position]?.stem ?? '');
    }
  }
  const plain = new Set<string>();
  const forms = new Set<string>();
  for (const [index, word] of words.entries()) {
    if (word.stop || inScope.has(index) || isNegator(words, index)) continue;
    plain.add(word.stem);
    forms.add(word.lower);
  }
  return { negated, plain, forms, prefixed };
}

const POLARITY = Symbol('polarity');
const polarity = (text: string) => derived(text, POLARITY, polarityOf);

function negatedOnlyIn(one: Polarity, other: Polarity): string | undefined {
  for (const term of one.negated) {
    if (term !== '' && other.plain.has(term) && !other.negated.has(term)) return term;
  }
  for (const { base, word } of one.prefixed) {
    const plainBase = other.forms.has(base) || other.forms.has(`${base}s`);
    if (plainBase && !other.forms.has(word)) return base;
  }
  return undefined;
}

/**
 * Refuses a hit when a thing is negated in one prompt and affirmed in the other.
 *
 * Catches: "not", "no", "never", "without", "none", "cannot" and every "n't" ("which foods are
 * safe" / "are not safe", "bread with yeast" / "without yeast", "customers who ordered" / "who
 * never ordered"), "fails to", "unable to", "-free" ("gluten-free" / "contains gluten"), "-less"
 * ("sugarless" / "with sugar"), and "un-" or "non-" words whose base the other prompt uses as is
 * ("mute" / "unmute", "null" / "non-null"). A negation covers the next content word before a
 * comma, a conjunction or a new preposition, so "unclog the sink without chemicals" and "without
 * using chemical cleaners" agree, and "without losing my changes" negates no change.
 *
 * Cannot catch: a negation whose term the other prompt words differently ("eggless cake" /
 * "chocolate cake" has no "egg" to compare), nor meaning carried by antonyms (see the opposites
 * verifier). Hedges pass ("I don't know how to", "if you don't mind", "I can't remember my
 * password"), and "un-" is compared only with the exact base word, since "unclog" and "clogged"
 * describe one problem.
 */
export function createNegationVerifier(): HitVerifier {
  return {
    name: VERIFIER_NAME.negation,
    verify({ prompt, cached }) {
      const mine = polarity(prompt);
      const theirs = polarity(cached.prompt);
      const negatedHere = negatedOnlyIn(mine, theirs);
      if (negatedHere !== undefined) {
        return reject(`"${negatedHere}" is negated in the prompt but not in the cached prompt`);
      }
      const negatedThere = negatedOnlyIn(theirs, mine);
      if (negatedThere !== undefined) {
        return reject(`"${negatedThere}" is negated in the cached prompt but not in the prompt`);
      }
      return PASS;
    },
  };
}
