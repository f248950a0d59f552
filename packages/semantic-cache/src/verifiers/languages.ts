import { promptText } from './prompt-text.js';

/**
 * Programming and natural languages, by canonical name and the other ways prompts write them.
 * A language is a named thing whatever its case: "python" and "Python" are one language.
 */
const LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  javascript: ['javascript', 'js', 'ecmascript'],
  nodejs: ['nodejs'],
  typescript: ['typescript', 'ts'],
  python: ['python', 'python3', 'py', 'pyhton'],
  java: ['java'],
  kotlin: ['kotlin'],
  scala: ['scala'],
  csharp: ['c#', 'csharp'],
  cpp: ['c++', 'cpp'],
  php: ['php'],
  perl: ['perl'],
  haskell: ['haskell'],
  elixir: ['elixir'],
  erlang: ['erlang'],
  clojure: ['clojure'],
  fortran: ['fortran'],
  cobol: ['cobol'],
  matlab: ['matlab'],
  lua: ['lua'],
  zig: ['zig'],
  ocaml: ['ocaml'],
  fsharp: ['f#', 'fsharp'],
  'objective-c': ['objective-c', 'objc'],
  bash: ['bash', 'zsh'],
  powershell: ['powershell'],
  sql: ['sql'],
  mysql: ['mysql', 'mariadb'],
  postgresql: ['postgresql', 'postgres', 'psql'],
  sqlite: ['sqlite', 'sqlite3'],
  tsql: ['tsql', 't-sql'],
  plsql: ['plsql', 'pl/sql'],
  html: ['html'],
  css: ['css', 'scss', 'sass'],
  solidity: ['solidity'],
  webassembly: ['webassembly', 'wasm'],
  english: ['english'],
  spanish: ['spanish', 'español'],
  french: ['french', 'français'],
  german: ['german', 'deutsch'],
  italian: ['italian'],
  portuguese: ['portuguese'],
  dutch: ['dutch'],
  swedish: ['swedish'],
  norwegian: ['norwegian'],
  danish: ['danish'],
  finnish: ['finnish'],
  polish: ['polish'],
  russian: ['russian'],
  ukrainian: ['ukrainian'],
  greek: ['greek'],
  turkish: ['turkish'],
  arabic: ['arabic'],
  hebrew: ['hebrew'],
  hindi: ['hindi'],
  bengali: ['bengali'],
  urdu: ['urdu'],
  chinese: ['chinese', 'mandarin'],
  cantonese: ['cantonese'],
  japanese: ['japanese'],
  korean: ['korean'],
  vietnamese: ['vietnamese'],
  thai: ['thai'],
  indonesian: ['indonesian'],
  latin: ['latin'],
  swahili: ['swahili'],
};

/**
 * Names that are also ordinary words: a language only when capitalised inside a sentence, or
 * after "in", "with", "using" ("print hello world in rust"), or before a colon ("Go: ...").
 */
const AMBIGUOUS: Readonly<Record<string, string>> = {
  go: 'go',
  node: 'nodejs',
  golang: 'go',
  rust: 'rust',
  swift: 'swift',
  ruby: 'ruby',
  dart: 'dart',
  julia: 'julia',
  r: 'r',
  c: 'c',
  elm: 'elm',
  crystal: 'crystal',
  nim: 'nim',
};
const CUES = new Set(['in', 'with', 'using', 'vs', 'learn', 'learning']);

const LANGUAGE_OF = new Map<string, string>();
for (const [language, spellings] of Object.entries(LANGUAGES)) {
  for (const spelling of spellings) LANGUAGE_OF.set(spelling, language);
}

/** The language a lowercase word names without doubt, or `undefined`. */
export function canonicalLanguage(word: string): string | undefined {
  return LANGUAGE_OF.get(word);
}

/** The "++", "#" or "-c" written right after a word, lowercase, or "". */
function suffixAt(text: string, end: number): string {
  const next = text[end];
  if (next === '#') return '#';
  if (next === '+') return text[end + 1] === '+' ? '++' : '+';
  if (next === '-' && (text[end + 1] === 'c' || text[end + 1] === 'C')) {
    return /[\p{L}\p{N}]/u.test(text[end + 2] ?? ' ') ? '' : '-c';
  }
  return '';
}

/** Every language `text` names, by canonical name. */
export function languagesIn(text: string): Set<string> {
  const { text: original, words } = promptText(text);
  const found = new Set<string>();
  for (const [index, word] of words.entries()) {
    // "C++", "C#", "F#" and "Objective-C" carry what the word alone lacks.
    const spelling = `${word.lower}${suffixAt(original, word.end)}`;
    const certain = LANGUAGE_OF.get(spelling);
    if (certain !== undefined) {
      found.add(certain);
      continue;
    }
    const ambiguous = AMBIGUOUS[word.lower];
    if (ambiguous === undefined) continue;
    const capitalised = word.raw !== word.lower && word.raw.length > 1 && !word.initial;
    const cued = CUES.has(words[index - 1]?.lower ?? '') || original[word.end] === ':';
    if (capitalised || cued) found.add(ambiguous);
  }
  return found;
}
