/**
 * Splits `bench/data/prompt-pairs/all.jsonl` into `dev.jsonl` (~70%) and `held-out.jsonl`
 * (~30%), stratified by kind, with a seeded shuffle: the same all.jsonl always gives the same
 * split. Run after editing all.jsonl:
 * `pnpm --filter @x/bench exec tsx src/quality/split-prompt-pairs.ts`
 */
import { writeFileSync } from 'node:fs';
// The subpath: the package's root imports vitest, which a script outside a test run cannot load.
import { seededRandom } from '@x/test-utils/seeded-random';
import { loadPromptPairs, PROMPT_PAIRS_DIRECTORY, type PromptPair } from './prompt-pairs.js';

/** Changing it reshuffles the split: never change it once held-out results were reported. */
const SEED = 20_240_917;
const HELD_OUT_SHARE = 0.3;

/** FNV-1a: gives each kind its own stream, so editing one kind never reshuffles another. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (const character of text) {
    hash = Math.imul(hash ^ (character.codePointAt(0) ?? 0), 0x01000193);
  }
  return hash >>> 0;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

function toJsonLines(pairs: readonly PromptPair[]): string {
  const sorted = [...pairs].sort((left, right) => left.id.localeCompare(right.id));
  return `${sorted.map((pair) => JSON.stringify(pair)).join('\n')}\n`;
}

const all = loadPromptPairs('all');
const byKind = new Map<string, PromptPair[]>();
for (const pair of all) {
  const group = byKind.get(pair.kind) ?? [];
  group.push(pair);
  byKind.set(pair.kind, group);
}
const dev: PromptPair[] = [];
const heldOut: PromptPair[] = [];
const counts: Record<string, { dev: number; 'held-out': number; total: number }> = {};
for (const kind of [...byKind.keys()].sort()) {
  // Sorted by id, so moving lines around in all.jsonl does not change which pairs are held out.
  const pairsOfKind = [...(byKind.get(kind) ?? [])].sort((left, right) =>
    left.id.localeCompare(right.id),
  );
  const pairs = shuffled(pairsOfKind, seededRandom(SEED ^ hashOf(kind)));
  const heldOutCount = Math.round(pairs.length * HELD_OUT_SHARE);
  heldOut.push(...pairs.slice(0, heldOutCount));
  dev.push(...pairs.slice(heldOutCount));
  counts[kind] = {
    dev: pairs.length - heldOutCount,
    'held-out': heldOutCount,
    total: pairs.length,
  };
}
writeFileSync(`${PROMPT_PAIRS_DIRECTORY}dev.jsonl`, toJsonLines(dev));
writeFileSync(`${PROMPT_PAIRS_DIRECTORY}held-out.jsonl`, toJsonLines(heldOut));
counts.total = { dev: dev.length, 'held-out': heldOut.length, total: all.length };
console.table(counts);
