import { InvalidArgumentError } from '@x/redis-core';
import { type CanonicalToken, canonicalTokens } from './canonical-tokens.js';
import { PASS, reject } from './differences.js';
import { type HitVerifier, VERIFIER_NAME } from './hit-verifier.js';
import { FILLERS, groupsOf } from './substitution-lexicon.js';
import { diffTokens, type Hunk } from './token-diff.js';

/** Options of {@link createSubstitutionVerifier}. */
export interface SubstitutionVerifierOptions {
  /**
   * The share of the longer prompt's words (articles aside) that the two prompts must have in
   * common, in order, before a swapped word counts as a substitution rather than a rewording.
   * Higher refuses fewer paraphrases and serves more near-misses.
   * @default 0.5
   */
  readonly minSharedShare?: number;
  /**
   * The most words a swapped or added stretch may have on either side ("capital" / "population
   * density": 1 and 2).
   * @default 3
   */
  readonly maxSwapWords?: number;
}

/** Damerau–Levenshtein distance is at most one: a typo or a one-letter spelling variant. */
function withinOneEdit(left: string, right: string): boolean {
  if (Math.abs(left.length - right.length) > 1) return false;
  let i = 0;
  while (i < left.length && left[i] === right[i]) i++;
  if (left.slice(i + 1) === right.slice(i + 1)) return true; // substitution
  if (left.slice(i) === right.slice(i + 1) || left.slice(i + 1) === right.slice(i)) return true;
  return (
    left[i] === right[i + 1] && left[i + 1] === right[i] && left.slice(i + 2) === right.slice(i + 2)
  );
}

function content(tokens: readonly CanonicalToken[]): CanonicalToken[] {
  return tokens.filter((token) => !token.stop);
}

/** A content word that is no filler: what a swap or an insertion must involve. */
const isTerm = (token: CanonicalToken) => !FILLERS.has(token.lower);

/** Whether two stretches say the same thing in other words this verifier can recognise. */
function isVariant(left: readonly CanonicalToken[], right: readonly CanonicalToken[]): boolean {
  const [a, b] = [left.map((token) => token.lower), right.map((token) => token.lower)];
  if (a.join('') === b.join('')) return true; // "cast iron" / "cast-iron"
  const acronym = (one: string[], other: string[]) =>
    one.length === 1 && other.length >= 2 && other.map((word) => word[0]).join('') === one[0];
  if (acronym(a, b) || acronym(b, a)) return true;
  if (a.length !== 1 || b.length !== 1) return false;
  const [x = '', y = ''] = [a[0], b[0]];
  const groupsOfY = groupsOf(y);
  if (groupsOf(x).some((group) => groupsOfY.includes(group))) return true;
  // "tie" / "necktie": an English compound names a kind of its last part; "Mac" / "macOS",
  // "Node" / "nodejs": a short form is the start of the long one.
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  if (shorter.length >= 3 && (longer.endsWith(shorter) || longer.startsWith(shorter))) return true;
  return Math.min(x.length, y.length) >= 5 && withinOneEdit(x, y);
}

/** Words one prompt adds at the end of the other (not a changed ending). */
const added = (hunk: Hunk) => hunk.trailing && (hunk.left.length === 0 || hunk.right.length === 0);

function describe(hunk: Hunk): [string, string] {
  return [hunk.left.map((t) => t.lower).join(' '), hunk.right.map((t) => t.lower).join(' ')];
}

/**
 * Refuses a hit when the two prompts are the same sentence with one content word or short
 * phrase swapped for another, or with one modifier added inside it: the shape of a near-miss
 * ("what is the capital of France" / "the population of France", "symptoms of measles" /
 * "of mumps", "`useEffect`" / "`useMemo`", "a limerick" / "a sonnet", "a recipe" / "a vegan
 * recipe").
 *
 * A rewording changes many words at once, so a swap counts only when at least half the words
 * (by default, in order, articles aside) are shared, and the swapped stretch is short (three
 * words by default); an added modifier, or a qualifier added at the end ("... for a fully remote
 * team"), counts only when it is the one difference. Words that
 * merely moved are no swap. Recognised as the same: number
 * words and digits, unit spellings, language aliases, British and American spelling, typos (one
 * edit in a word of five letters or more), acronyms ("LCM" / "least common multiple"),
 * compounds ("tie" / "necktie"), and a short list of generic synonyms ("make" / "create",
 * "remove" / "delete").
 *
 * Cannot catch: a near-miss worded differently from its neighbour ("how long does a passport
 * take" / "what does a passport cost"), or a constraint appended to a reworded prompt. It will
 * refuse a prompt that only adds a harmless phrase at the end ("... at home"), and a true
 * paraphrase that swaps one word for a synonym outside its list ("how do I tie a tie" / "how do
 * I knot a tie"): a miss, which costs one LLM call.
 */
export function createSubstitutionVerifier(options: SubstitutionVerifierOptions = {}): HitVerifier {
  const minShared = options.minSharedShare ?? 0.5;
  const maxSwap = options.maxSwapWords ?? 3;
  if (!(minShared >= 0 && minShared <= 1)) {
    throw new InvalidArgumentError(`minSharedShare must be between 0 and 1, not ${minShared}`);
  }
  if (!Number.isInteger(maxSwap) || maxSwap < 1) {
    throw new InvalidArgumentError(`maxSwapWords must be a whole number from 1, not ${maxSwap}`);
  }
  return {
    name: VERIFIER_NAME.substitution,
    verify({ prompt, cached }) {
      const mine = canonicalTokens(prompt);
      const theirs = canonicalTokens(cached.prompt);
      const diff = diffTokens(mine, theirs);
      if (diff.common < minShared * Math.max(mine.length, theirs.length)) return PASS;
      const swaps: Hunk[] = [];
      const insertions: Hunk[] = [];
      // A word that only moved ("the largest planet" / "which planet is the biggest") is no swap.
      const mineCanon = new Set(mine.map((token) => token.canon));
      const theirsCanon = new Set(theirs.map((token) => token.canon));
      for (const hunk of diff.hunks) {
        const left = content(hunk.left).filter((token) => !theirsCanon.has(token.canon));
        const right = content(hunk.right).filter((token) => !mineCanon.has(token.canon));
        const [leftTerms, rightTerms] = [left.filter(isTerm), right.filter(isTerm)];
        if (leftTerms.length > 0 && rightTerms.length > 0) {
          // Fillers count for an acronym ("least common multiple"), not for a synonym.
          if (!isVariant(left, right) && !isVariant(leftTerms, rightTerms)) swaps.push(hunk);
        } else if (leftTerms.length + rightTerms.length > 0 && (hunk.interior || added(hunk))) {
          insertions.push(hunk);
        }
      }
      const [swap] = swaps;
      if (
        swaps.length === 1 &&
        swap &&
        swap.left.length <= maxSwap &&
        swap.right.length <= maxSwap
      ) {
        const [here, there] = describe(swap);
        return reject(
          `same question with "${here}" in the prompt where the cached one has "${there}"`,
        );
      }
      const [insertion] = insertions;
      // An added modifier counts only when it is the one difference: "a vegan recipe" / "a
      // recipe", not "the purpose of a Dockerfile" / "what a Dockerfile is used for". So does
      // a qualifier added at the end, however long: "..., with type hints and a docstring".
      const onlyDifference = diff.hunks.length === 1;
      if (
        onlyDifference &&
        insertion &&
        (added(insertion) || insertion.left.length + insertion.right.length <= maxSwap)
      ) {
        const [here, there] = describe(insertion);
        return reject(here ? `the prompt adds "${here}"` : `the prompt drops "${there}"`);
      }
      return PASS;
    },
  };
}
