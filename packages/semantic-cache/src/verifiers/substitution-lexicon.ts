import { stem } from './stem.js';

/**
 * Words that stand for one another in a how-to question, so swapping one for another in an
 * otherwise identical prompt keeps its meaning. Kept to generic verbs and adjectives: a
 * synonym list of nouns would let "measles" pass for "mumps".
 */
export const SYNONYMS: readonly (readonly string[])[] = [
  ['make', 'create', 'build', 'construct', 'generate', 'produce', 'write', 'initialize', 'init'],
  ['remove', 'delete', 'erase', 'eliminate', 'clear', 'rid'],
  ['find', 'locate', 'determine', 'identify', 'check', 'see', 'detect', 'search', 'look'],
  ['fix', 'solve', 'resolve', 'repair', 'handle'],
  ['change', 'modify', 'alter', 'edit', 'update', 'set'],
  ['start', 'begin', 'launch', 'initialize', 'init'],
  ['stop', 'halt', 'end', 'terminate', 'kill', 'quit'],
  ['exit', 'quit', 'leave'],
  ['use', 'utilize', 'employ', 'apply'],
  ['choose', 'pick', 'select'],
  ['learn', 'study'],
  ['happen', 'occur'],
  ['allow', 'let', 'permit'],
  ['talk', 'speak'],
  ['answer', 'reply', 'respond'],
  ['combine', 'merge', 'join', 'concatenate'],
  ['explain', 'describe', 'define', 'mean', 'meaning', 'definition'],
  ['list', 'show', 'display', 'view', 'print'],
  ['big', 'large', 'huge'],
  ['small', 'little', 'tiny'],
  ['fast', 'quick', 'quickly', 'rapid', 'speedy'],
  ['cheap', 'inexpensive', 'affordable'],
  ['smart', 'intelligent', 'clever'],
  ['best', 'good', 'recommended', 'right', 'proper', 'correct', 'ideal', 'easiest', 'simplest'],
  ['picture', 'photo', 'image'],
  ['movie', 'film'],
  ['folder', 'directory'],
  ['couch', 'sofa'],
  ['buy', 'purchase'],
  ['cost', 'price'],
  ['car', 'automobile', 'vehicle'],
  ['phone', 'smartphone', 'cellphone', 'mobile'],
  ['laptop', 'notebook'],
  ['child', 'kid'],
  ['doctor', 'physician'],
  ['lawyer', 'attorney'],
  ['trash', 'garbage', 'rubbish'],
  ['autumn', 'fall'],
  ['vacation', 'holiday'],
  ['shop', 'store'],
  ['apartment', 'flat'],
];
/** Words that add nothing when inserted: "what is *briefly* the capital". */
export const FILLERS = new Set([
  'briefly',
  'exactly',
  'current',
  'currently',
  'actual',
  'exact',
  'approximately',
  'roughly',
  'typically',
  'usually',
  'generally',
  'normally',
  'common',
  'commonly',
  'main',
  'overall',
  'total',
  'official',
  'basic',
  'simple',
  'simply',
  'properly',
  'correctly',
  'easily',
  'safely',
  'best',
  'good',
  'right',
  'way',
  'new',
  'own',
  'exist',
  'existing',
  'specific',
  'certain',
  'particular',
  'given',
  'entire',
  'whole',
  'quick',
  'quickly',
  'short',
  'brief',
  'detail',
  'detailed',
  'step',
  'word',
  'summary',
  'example',
  'code',
  'command',
  'help',
  'again',
]);

/** Word (and its stem) → the synonym groups it belongs to. */
const synonymGroups = new Map<string, number[]>();
SYNONYMS.forEach((group, index) => {
  for (const word of group) {
    for (const key of new Set([word, stem(word)])) {
      synonymGroups.set(key, [...(synonymGroups.get(key) ?? []), index]);
    }
  }
});

/** "biggest" and "larger" meet their synonyms at "big" and "large". */
export function groupsOf(word: string): readonly number[] {
  const found = synonymGroups.get(word) ?? synonymGroups.get(stem(word));
  if (found !== undefined) return found;
  const plain = word.replace(/(?:est|er)$/, '');
  return (
    synonymGroups.get(plain) ??
    synonymGroups.get(plain.replace(/(.)\1$/, '$1')) ??
    synonymGroups.get(`${plain}e`) ??
    synonymGroups.get(plain.replace(/i$/, 'y')) ??
    []
  );
}
