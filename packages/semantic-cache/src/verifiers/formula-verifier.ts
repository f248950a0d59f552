import { PASS, reject } from './differences.js';
import { type HitVerifier, VERIFIER_NAME } from './hit-verifier.js';
import { derived } from './prompt-text.js';

/** One piece of a prompt, for reading the formulas in it. */
interface Piece {
  readonly kind: 'number' | 'word' | 'operator' | 'open' | 'close' | 'other';
  readonly text: string;
}

// Two-character operators first, so "<=" is not read as "<" then "=".
const PIECE = /(\d+(?:[.,]\d+)*%?)|([a-z]+)|(<=|>=|!=|\/\/|[-+*/^=<>])|(\()|(\))|(\s+)|([^\s])/giu;

/** Spellings that write the same operator, reduced to one. */
const SAME_OPERATOR: readonly (readonly [RegExp, string])[] = [
  [/[−–]/gu, '-'],
  [/[×·]/gu, '*'],
  [/÷/gu, '/'],
  [/≤/gu, '<='],
  [/≥/gu, '>='],
  [/≠/gu, '!='],
  [/\*\*/gu, '^'],
  [/²/gu, '^2'],
  [/³/gu, '^3'],
  [/={2,3}/gu, '='],
];
/** Text that looks like a formula and is not one: dates, arrows ("X -> Y" reads "X to Y"). */
const NOT_FORMULAS = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/gu,
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/gu,
  /->|=>|<-/gu,
];

function piecesOf(text: string): Piece[] {
  let plain = text;
  for (const [spelling, operator] of SAME_OPERATOR) plain = plain.replace(spelling, operator);
  for (const pattern of NOT_FORMULAS) plain = plain.replace(pattern, ' ; ');
  const pieces: Piece[] = [];
  for (const match of plain.matchAll(PIECE)) {
    const [whole, number, word, operator, open, close, space] = match;
    if (space !== undefined) continue;
    const kind = number
      ? 'number'
      : word
        ? 'word'
        : operator
          ? 'operator'
          : open
            ? 'open'
            : close
              ? 'close'
              : 'other';
    pieces.push({ kind, text: whole });
  }
  return pieces;
}

/** A number, a one-letter variable or a closing parenthesis: what an operator may follow. */
const endsOperand = (piece: Piece | undefined) =>
  piece !== undefined &&
  (piece.kind === 'number' ||
    piece.kind === 'close' ||
    (piece.kind === 'word' && piece.text.length === 1));

/** What an operator may precede: a number, a variable, "(", or a function call ("sin("). */
function startsOperand(pieces: readonly Piece[], at: number): boolean {
  const piece = pieces[at];
  if (piece === undefined) return false;
  if (piece.kind === 'number' || piece.kind === 'open') return true;
  if (piece.kind !== 'word') return false;
  return piece.text.length === 1 || pieces[at + 1]?.kind === 'open';
}

const isSign = (piece: Piece | undefined) =>
  piece?.kind === 'operator' && (piece.text === '-' || piece.text === '+');

/** Whether `piece` joins a parenthesised group to the formula around it. */
const joins = (piece: Piece | undefined) =>
  piece !== undefined && (piece.kind === 'operator' || endsOperand(piece) || piece.kind === 'open');

/**
 * The operators of the formulas in `text`, in order, with the parentheses that group them:
 * "(x + 3)(x - 3)" gives `( + ) ( - )`, "e^-x" gives `^-`, "sin(x) - cos(x)" gives `-`. An
 * operator counts only between two operands (numbers, one-letter variables, parentheses,
 * function calls), so "cast-iron", "C++" and "carry-on" are no formulas; parentheses count
 * only around an operator and next to the rest of a formula ("(10 - 4) * 2", not "(A/B)").
 */
function operatorsOf(text: string): string[] {
  const pieces = piecesOf(text);
  const sequence: string[] = [];
  /** The "(" still open: where, and whether an operator came after it. */
  const open: { piece: number; index: number; holdsOperator: boolean }[] = [];
  const push = (operator: string) => {
    sequence.push(operator);
    for (const group of open) group.holdsOperator = true;
  };
  for (let at = 0; at < pieces.length; at++) {
    const piece = pieces[at] as Piece;
    if (piece.kind === 'open') {
      open.push({ piece: at, index: sequence.length, holdsOperator: false });
      sequence.push('(');
    } else if (piece.kind === 'close') {
      const group = open.pop();
      if (group === undefined) continue;
      const grouping = joins(pieces[group.piece - 1]) || joins(pieces[at + 1]);
      if (group.holdsOperator && grouping) sequence.push(')');
      else sequence.splice(group.index, 1);
    } else if (piece.kind === 'operator' && endsOperand(pieces[at - 1])) {
      const signed = isSign(pieces[at + 1]) && startsOperand(pieces, at + 2);
      if (!signed && !startsOperand(pieces, at + 1)) continue;
      push(signed ? `${piece.text}${pieces[at + 1]?.text}` : piece.text);
      if (signed) at++;
    } else if (isSign(piece) && pieces[at - 1]?.kind === 'open' && startsOperand(pieces, at + 1)) {
      // A sign that opens a group: "e^(-2x)".
      push(piece.text);
    }
  }
  // A "(" never closed groups nothing that can be compared.
  for (const group of open.reverse()) sequence.splice(group.index, 1);
  return sequence;
}

const OPERATORS = Symbol('formula operators');

/**
 * Refuses a hit when both prompts hold a formula and their operators differ: a sign or an
 * operator flipped ("solve 2x + 5 = 17" / "2x - 5 = 17", "x > 5" / "x < 5", "7 // 2" / "7 /
 * 2"), a sign added ("e^x" / "e^-x"), or parentheses that group another way ("(10 - 4) * 2" /
 * "10 - 4 * 2"). The numbers verifier compares the numbers; this one, the operators between
 * them. Spellings of one operator count as one ("×", "*" and "·"; "≤" and "<="; "x²" and "x^2").
 *
 * Passes a formula written on one side only ("2 + 2" / "two plus two"): words are the other
 * verifiers' to compare. Refuses the same formula written in another form ("x > 5" / "5 < x").
 */
export function createFormulaVerifier(): HitVerifier {
  return {
    name: VERIFIER_NAME.formula,
    verify({ prompt, cached }) {
      const mine = derived(prompt, OPERATORS, operatorsOf);
      const theirs = derived(cached.prompt, OPERATORS, operatorsOf);
      if (mine.length === 0 || theirs.length === 0) return PASS;
      if (mine.join(' ') === theirs.join(' ')) return PASS;
      return reject(
        `the formulas differ: operators ${mine.join(' ')} in the prompt, ${theirs.join(' ')} cached`,
      );
    },
  };
}
