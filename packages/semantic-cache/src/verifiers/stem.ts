const IRREGULAR = new Map<string, string>([
  ['feet', 'foot'],
  ['teeth', 'tooth'],
  ['men', 'man'],
  ['women', 'woman'],
  ['children', 'child'],
  ['people', 'person'],
  ['mice', 'mouse'],
  ['geese', 'goose'],
  ['indices', 'index'],
  ['matrices', 'matrix'],
  ['vertices', 'vertex'],
  ['bacteria', 'bacterium'],
  ['data', 'datum'],
  ['criteria', 'criterion'],
  ['analyses', 'analysis'],
  ['went', 'go'],
  ['gone', 'go'],
  ['made', 'make'],
  ['built', 'build'],
  ['wrote', 'write'],
  ['written', 'write'],
  ['ran', 'run'],
  ['began', 'begin'],
  ['begun', 'begin'],
  ['froze', 'freeze'],
  ['frozen', 'freeze'],
  ['sold', 'sell'],
  ['bought', 'buy'],
  ['lost', 'lose'],
  ['won', 'win'],
  ['fell', 'fall'],
  ['fallen', 'fall'],
  ['rose', 'rise'],
  ['risen', 'rise'],
  ['kept', 'keep'],
  ['took', 'take'],
  ['taken', 'take'],
  ['got', 'get'],
  ['gotten', 'get'],
  ['chose', 'choose'],
  ['chosen', 'choose'],
  ['drew', 'draw'],
  ['drawn', 'draw'],
  ['shown', 'show'],
  ['colour', 'color'],
  ['grey', 'gray'],
]);

const VOWEL = /[aeiouy]/;
const KEPT_DOUBLES = new Set(['ll', 'ss', 'zz', 'ff']);

function undouble(word: string): string {
  const last = word.at(-1);
  if (word.length > 2 && last === word.at(-2) && !VOWEL.test(last ?? '')) {
    if (!KEPT_DOUBLES.has(word.slice(-2))) return word.slice(0, -1);
  }
  return word;
}

/** British spellings folded to American ones, so "colour" and "color" compare equal. */
function americanize(word: string): string {
  if (word.length > 5 && word.endsWith('our') && !word.endsWith('hour')) {
    return `${word.slice(0, -3)}or`;
  }
  if (word.length > 5 && /[^aeiou][iy]s(?:e|ed|es|ing|ation)$/.test(word)) {
    return word.replace(/([^aeiou][iy])s(e|ed|es|ing|ation)$/, '$1z$2');
  }
  if (/^(?:cent|lit|met|theat|fib|calib|kilomet|millimet|centimet|millilit)re(s?)$/.test(word)) {
    return word.replace(/re(s?)$/, 'er$1');
  }
  return word;
}

/**
 * A light English stemmer for comparing words across two prompts: plural and verb endings are
 * removed and British spellings folded, so that "boils", "boiling" and "boiled" meet at "boil".
 * Both prompts go through the same function, so a stem only has to be consistent, not a word.
 */
export function stem(word: string): string {
  let known = stems.get(word);
  if (known === undefined) {
    known = stemOnce(word);
    // Words repeat across prompts ("how", "python"); the bound keeps memory flat.
    if (stems.size >= STEM_CACHE_SIZE) stems.clear();
    stems.set(word, known);
  }
  return known;
}

const STEM_CACHE_SIZE = 10_000;
const stems = new Map<string, string>();

function stemOnce(word: string): string {
  let current = americanize(IRREGULAR.get(word) ?? word);
  if (current.length <= 3) return current;
  if (current.endsWith("'s")) current = current.slice(0, -2);
  if (current.endsWith('ies') && current.length > 4) current = `${current.slice(0, -3)}i`;
  else if (/(?:ch|sh|x|z|ss)es$/.test(current)) current = current.slice(0, -2);
  else if (current.endsWith('s') && !/(?:ss|us|is)$/.test(current)) current = current.slice(0, -1);
  if (current.endsWith('ing') && current.length >= 6 && VOWEL.test(current.slice(0, -3))) {
    current = undouble(current.slice(0, -3));
  } else if (current.endsWith('ed') && current.length >= 4 && VOWEL.test(current.slice(0, -2))) {
    current = undouble(current.slice(0, -2));
  }
  if (current.length > 3 && current.endsWith('e')) current = current.slice(0, -1);
  if (current.length > 3 && current.endsWith('y')) current = `${current.slice(0, -1)}i`;
  return current;
}
