import { type CanonicalToken, canonicalTokens } from './canonical-tokens.js';
import { PASS, reject } from './differences.js';
import { type HitVerifier, VERIFIER_NAME } from './hit-verifier.js';
import { derived } from './prompt-text.js';

/**
 * Words that join two things without ranking them: "X and Y", "X or Y", "X vs Y" and "the
 * difference between X and Y" ask the same in either order.
 */
const SYMMETRIC = new Set(['and', 'or', 'vs', 'versus', 'between', '&', 'nor', 'plus']);
/** Words that turn one thing into another, or lead from one place to another. */
const TOWARDS = new Set(['to', 'into', 'onto', 'towards']);
const SPAN = 3;

/** A source and a target: "from Boston to Denver", "JSON to CSV", "CSV from JSON". */
interface Direction {
  readonly from: readonly string[];
  readonly to: readonly string[];
}

/** The content words right after `index` (at most {@link SPAN}), stopping at a function word. */
function spanAfter(tokens: readonly CanonicalToken[], index: number): string[] {
  const span: string[] = [];
  for (let at = index + 1; at < tokens.length && span.length < SPAN; at++) {
    const token = tokens[at] as CanonicalToken;
    if (token.stop || TOWARDS.has(token.lower) || token.lower === 'from') break;
    span.push(token.canon);
  }
  return span;
}

/** The content words right before `index` (at most {@link SPAN}), stopping at a function word. */
function spanBefore(tokens: readonly CanonicalToken[], index: number): string[] {
  const span: string[] = [];
  for (let at = index - 1; at >= 0 && span.length < SPAN; at--) {
    const token = tokens[at] as CanonicalToken;
    if (token.stop || TOWARDS.has(token.lower) || token.lower === 'from') break;
    span.unshift(token.canon);
  }
  return span;
}

function directionsOf(text: string): Direction[] {
  const tokens = canonicalTokens(text);
  const directions: Direction[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.lower === 'from') {
      const from = spanAfter(tokens, index);
      const afterFrom = index + from.length + 1;
      const next = tokens[afterFrom];
      const to = next && TOWARDS.has(next.lower) ? spanAfter(tokens, afterFrom) : [];
      // "from X to Y"; else "Y from X" ("a NumPy array from a Python list").
      const target = to.length > 0 ? to : spanBefore(tokens, index);
      if (from.length > 0 && target.length > 0) directions.push({ from, to: target });
    } else if (
      TOWARDS.has(token.lower) &&
      tokens[index - 1 - spanBefore(tokens, index).length]?.lower !== 'from'
    ) {
      const from = spanBefore(tokens, index);
      const to = spanAfter(tokens, index);
      if (from.length > 0 && to.length > 0) directions.push({ from, to });
    }
  }
  return directions;
}

const DIRECTIONS = Symbol('directions');

const overlaps = (left: readonly string[], right: readonly string[]) =>
  left.some((word) => right.includes(word));

function reversedDirection(mine: readonly Direction[], theirs: readonly Direction[]) {
  for (const one of mine) {
    for (const other of theirs) {
      const crossed = overlaps(one.from, other.to) && overlaps(one.to, other.from);
      const straight = overlaps(one.from, other.from) || overlaps(one.to, other.to);
      if (crossed && !straight) return one;
    }
  }
  return undefined;
}

/**
 * Finds X and Y that trade places in otherwise identical prompts: the prompts read P X M Y S and
 * P Y M X S. Returns them, or `undefined`.
 */
function swapped(left: readonly CanonicalToken[], right: readonly CanonicalToken[]) {
  if (left.length !== right.length) return undefined;
  let start = 0;
  while (start < left.length && left[start]?.canon === right[start]?.canon) start++;
  let end = left.length;
  while (end > start && left[end - 1]?.canon === right[end - 1]?.canon) end--;
  const a = left.slice(start, end).map((token) => token.canon);
  const b = right.slice(start, end).map((token) => token.canon);
  const isContent = (tokens: readonly CanonicalToken[]) => tokens.some((token) => !token.stop);
  for (let x = 1; x < a.length - 1; x++) {
    for (let y = 1; x + y < a.length; y++) {
      const middle = a.slice(x, a.length - y);
      const rebuilt = [...a.slice(a.length - y), ...middle, ...a.slice(0, x)];
      if (!rebuilt.every((canon, index) => canon === b[index])) continue;
      if (middle.every((canon) => SYMMETRIC.has(canon))) return undefined;
      const first = left.slice(start, start + x);
      const second = left.slice(end - y, end);
      if (!isContent(first) || !isContent(second)) continue;
      return {
        first: first.map((token) => token.lower),
        second: second.map((token) => token.lower),
      };
    }
  }
  return undefined;
}

/**
 * Refuses a hit when the two prompts name the same two things in the opposite order, where the
 * order changes the answer.
 *
 * Catches: a reversed direction, in the same words or in others ("flights from Boston to Denver"
 * / "from Denver to Boston", "convert a JSON string to an object" / "an object to a JSON
 * string", "CSV -> JSON" / "JSON from CSV"), and two things trading places in otherwise identical
 * prompts ("is Paris north of London" / "is London north of Paris", "does 3 divide 12" / "does
 * 12 divide 3", "merge main into my branch" / "my branch into main").
 *
 * Deliberately passes "X and Y", "X or Y", "X vs Y" and "between X and Y" in either order: a
 * comparison's answer covers both. Cannot catch a reversal spelled with converse words ("is A
 * older than B" / "is B younger than A" is the same question and passes, but so does "A beat B"
 * / "B lost to A"), or a direction without "from", "to", "into" or "->" that the prompts also
 * word differently.
 */
export function createOrderVerifier(): HitVerifier {
  return {
    name: VERIFIER_NAME.order,
    verify({ prompt, cached }) {
      const swap = swapped(canonicalTokens(prompt), canonicalTokens(cached.prompt));
      if (swap !== undefined) {
        return reject(`"${swap.first.join(' ')}" and "${swap.second.join(' ')}" trade places`);
      }
      const mine = derived(prompt, DIRECTIONS, directionsOf);
      const theirs = derived(cached.prompt, DIRECTIONS, directionsOf);
      const reversed = reversedDirection(mine, theirs);
      if (reversed !== undefined) {
        const [from, to] = [reversed.from.join(' '), reversed.to.join(' ')];
        return reject(`the prompt goes from "${from}" to "${to}", the cached prompt the other way`);
      }
      return PASS;
    },
  };
}
