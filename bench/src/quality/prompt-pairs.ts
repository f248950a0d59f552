import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Whether a cached answer for `a` is right for `b`, and if not, how the pair was built. */
export const PROMPT_PAIR_LABEL = {
  /** `b` asks for exactly the answer `a` asks for: a hit is right. */
  paraphrase: 'paraphrase',
  /** `b` looks like `a` but needs another answer: a hit serves a wrong answer. */
  nearMiss: 'near-miss',
  /** `b` is about another topic entirely. */
  unrelated: 'unrelated',
} as const;

/** The label of a {@link PromptPair}. */
export type PromptPairLabel = (typeof PROMPT_PAIR_LABEL)[keyof typeof PROMPT_PAIR_LABEL];

/** What makes the answer of a near-miss pair differ (see the dataset's README). */
export const NEAR_MISS_KINDS = [
  'direction',
  'negation',
  'number',
  'unit-currency',
  'entity',
  'language-version',
  'code-identifier',
  'opposite',
  'attribute',
  'quantifier-scope',
  'other',
  // Kinds of the `unseen` part only (bench/data/prompt-pairs/README.md).
  'formula',
  'operation',
  'qualifier',
] as const;

/** The kind of a near-miss pair. */
export type NearMissKind = (typeof NEAR_MISS_KINDS)[number];

/** The kind of a {@link PromptPair}: its label, or for a near-miss what changes the answer. */
export type PromptPairKind = 'paraphrase' | 'unrelated' | NearMissKind;

/** Two prompts and whether one's cached answer may be served for the other. */
export interface PromptPair {
  /** `p` and four digits, unique across the whole set. */
  readonly id: string;
  /** The prompt whose answer is cached. */
  readonly a: string;
  /** The prompt that looks the cache up. */
  readonly b: string;
  readonly label: PromptPairLabel;
  readonly kind: PromptPairKind;
}

/**
 * The parts of the set: `dev` to design with, `held-out` to check once, `all` their union, and
 * `unseen`, written after the verifiers and before any change measured on it.
 */
export type PromptPairPart = 'dev' | 'held-out' | 'all' | 'unseen';

/** A line of a prompt-pair file that is not a valid {@link PromptPair}. */
export class PromptPairFormatError extends Error {
  override readonly name = 'PromptPairFormatError';

  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}; fix the line (see bench/data/prompt-pairs/README.md)`);
  }
}

/** The folder of the dataset files (`all.jsonl`, `dev.jsonl`, `held-out.jsonl`). */
export const PROMPT_PAIRS_DIRECTORY = fileURLToPath(
  new URL('../../data/prompt-pairs/', import.meta.url),
);

const FIELDS = ['id', 'a', 'b', 'label', 'kind'] as const;
const LABELS: readonly string[] = Object.values(PROMPT_PAIR_LABEL);
const NEAR_MISS: readonly string[] = NEAR_MISS_KINDS;

/** Checks one parsed line and returns the problem, or `undefined` when it is a valid pair. */
function problemOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a JSON object';
  }
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (extra.length > 0) return `unknown field(s) ${extra.join(', ')}`;
  for (const field of FIELDS) {
    const text = record[field];
    if (typeof text !== 'string' || text.trim() === '')
      return `"${field}" must be a non-empty string`;
  }
  const { id, a, b, label, kind } = record as Record<(typeof FIELDS)[number], string>;
  if (!/^p\d{4}$/.test(id)) return `id "${id}" must be "p" and four digits`;
  if (a.trim() === b.trim()) return 'a and b are the same prompt';
  if (!LABELS.includes(label)) return `label "${label}" must be one of ${LABELS.join(', ')}`;
  const kindFits = label === PROMPT_PAIR_LABEL.nearMiss ? NEAR_MISS.includes(kind) : kind === label;
  if (!kindFits) {
    const expected = label === PROMPT_PAIR_LABEL.nearMiss ? NEAR_MISS.join(', ') : label;
    return `kind "${kind}" does not fit label "${label}" (expected ${expected})`;
  }
  return undefined;
}

/**
 * Parses JSON Lines text into prompt pairs, checking every line (blank lines are skipped).
 * @param file - the name shown in errors
 * @throws {PromptPairFormatError} on the first malformed line or a repeated id
 */
export function parsePromptPairs(text: string, file: string): PromptPair[] {
  const pairs: PromptPair[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new PromptPairFormatError(
        file,
        index + 1,
        `invalid JSON (${(error as Error).message})`,
      );
    }
    const problem = problemOf(value);
    if (problem) throw new PromptPairFormatError(file, index + 1, problem);
    const pair = value as PromptPair;
    if (seen.has(pair.id))
      throw new PromptPairFormatError(file, index + 1, `repeated id ${pair.id}`);
    seen.add(pair.id);
    pairs.push({ id: pair.id, a: pair.a, b: pair.b, label: pair.label, kind: pair.kind });
  }
  return pairs;
}

/**
 * Reads and checks one part of the prompt-pair set.
 * Never use `held-out` (or `all`) while designing a verifier or choosing a threshold: it is
 * there to measure, once, what was designed on `dev`.
 * @throws {PromptPairFormatError} on a malformed line
 */
export function loadPromptPairs(part: PromptPairPart): PromptPair[] {
  const file = `${part}.jsonl`;
  return parsePromptPairs(readFileSync(`${PROMPT_PAIRS_DIRECTORY}${file}`, 'utf8'), file);
}
