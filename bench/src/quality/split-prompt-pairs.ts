/**
 * Splits `bench/data/prompt-pairs/all.jsonl` into `dev.jsonl` (~70%) and `held-out.jsonl`
 * (~30%), stratified by kind, with a seeded shuffle: the same all.jsonl always gives the same
 * split. Run after editing all.jsonl:
 * `pnpm --filter @x/bench exec tsx src/quality/split-prompt-pairs.ts`
 */
import { writeFileSync } from 'node:fs';
import { loadPromptPairs, PROMPT_PAIRS_DIRECTORY, type PromptPair } from './prompt-pairs.js';

/** Changing it reshuffles the split: never change it once held-out results were reported. */
const SEED = 20_240_917;
const HELD_OUT_SHARE = 0.3;

/** mulberry32: a tiny seeded generator, enough for a reproducible shuffle. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
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
const random = seededRandom(SEED);
const byKind = new Map<string, PromptPair[]>();
for (const pair of all) byKind.set(pair.kind, [...(byKind.get(pair.kind) ?? []), pair]);
const dev: PromptPair[] = [];
const heldOut: PromptPair[] = [];
const counts: Record<string, { dev: number; 'held-out': number; total: number }> = {};
// Sorted kinds, so the order of the file's lines does not change which pairs are held out.
for (const kind of [...byKind.keys()].sort()) {
  const pairs = shuffled(byKind.get(kind) ?? [], random);
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
