import type { VerifierResult } from './hit-verifier.js';

/** The verdict every verifier gives when it finds nothing wrong (shared, never mutated). */
export const PASS: VerifierResult = Object.freeze({ pass: true });

/** A refusal with a readable reason. */
export function reject(reason: string): VerifierResult {
  return { pass: false, reason };
}

/** The items of `items` that `other` lacks, in order. */
export function missingFrom<T>(items: Iterable<T>, other: { has(item: T): boolean }): T[] {
  const missing: T[] = [];
  for (const item of items) if (!other.has(item)) missing.push(item);
  return missing;
}

/** `"a", "b"` for a reason. */
export function quoted(items: readonly string[]): string {
  return items.map((item) => `"${item}"`).join(', ');
}

/**
 * The usual reason of a substitution: one thing in the prompt stands where another stood in the
 * cached prompt.
 */
export function substituted(
  what: string,
  inPrompt: readonly string[],
  inCached: readonly string[],
) {
  return reject(`${what} differ: ${quoted(inPrompt)} in the prompt, ${quoted(inCached)} cached`);
}
