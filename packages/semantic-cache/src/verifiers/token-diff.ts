import type { CanonicalToken } from './canonical-tokens.js';

/** A stretch where two token sequences differ, between two stretches where they agree. */
export interface Hunk {
  readonly left: readonly CanonicalToken[];
  readonly right: readonly CanonicalToken[];
  /** Whether both sequences agree somewhere before and somewhere after this hunk. */
  readonly interior: boolean;
  /** Whether the sequences agree before this hunk and nowhere after it: it ends them. */
  readonly trailing: boolean;
}

/** The longest common subsequence of two token sequences, and the hunks around it. */
export interface TokenDiff {
  /** Tokens the sequences share, in order. */
  readonly common: number;
  readonly hunks: readonly Hunk[];
}

/**
 * Aligns two short token sequences on their canonical forms (classic dynamic programming: a
 * prompt is tens of tokens, so the table is small) and returns where they differ.
 */
export function diffTokens(
  left: readonly CanonicalToken[],
  right: readonly CanonicalToken[],
): TokenDiff {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const table = new Uint16Array(rows * columns);
  for (let i = left.length - 1; i >= 0; i--) {
    for (let j = right.length - 1; j >= 0; j--) {
      table[i * columns + j] =
        left[i]?.canon === right[j]?.canon
          ? (table[(i + 1) * columns + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * columns + j] ?? 0, table[i * columns + j + 1] ?? 0);
    }
  }
  const hunks: Hunk[] = [];
  let pendingLeft: CanonicalToken[] = [];
  let pendingRight: CanonicalToken[] = [];
  let matchedBefore = false;
  const flush = (interior: boolean, trailing = false) => {
    if (pendingLeft.length > 0 || pendingRight.length > 0) {
      hunks.push({ left: pendingLeft, right: pendingRight, interior, trailing });
      pendingLeft = [];
      pendingRight = [];
    }
  };
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i < left.length && j < right.length && left[i]?.canon === right[j]?.canon) {
      flush(matchedBefore);
      matchedBefore = true;
      i++;
      j++;
    } else if (
      j >= right.length ||
      (i < left.length && (table[(i + 1) * columns + j] ?? 0) >= (table[i * columns + j + 1] ?? 0))
    ) {
      pendingLeft.push(left[i] as CanonicalToken);
      i++;
    } else {
      pendingRight.push(right[j] as CanonicalToken);
      j++;
    }
  }
  flush(false, matchedBefore);
  return { common: table[0] ?? 0, hunks };
}
