import fc from 'fast-check';

/**
 * Every character with a meaning somewhere between a package and Redis: the Query Engine's
 * syntax (`@ : | { } [ ] ( ) " ' - ~ * % $ ; , . < > = ! ^ & / \ ?`), SCAN and ACL glob
 * patterns (`* ? [ ] ^ \`), cluster hash tags (`{ }`), the key separator (`:`), percent
 * escapes (`%`), JSON and Lua quoting, whitespace and control characters (NUL, CR, LF, ESC).
 */
export const SPECIAL_CHARACTERS = [
  ...'@:|{}[]()"\'-~*%$;,.<>=!^&/\\?#+`_ ',
  '\t',
  '\n',
  '\r',
  '\0',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u00a0',
  '\u2028',
  '\ufeff',
] as const;

/** Strings chosen by hand for what they have broken elsewhere. */
export const NOTORIOUS_STRINGS = [
  '',
  ' ',
  '*',
  '?',
  '[a-z]',
  '\\*',
  '{}',
  '{x}',
  '}{',
  'x} | @other:{y',
  '") or (1 == 1',
  '@genre:{sf} | *',
  '-inf',
  '+inf',
  'NaN',
  '$or',
  '__proto__',
  'constructor',
  'toString',
  '%',
  '%25',
  '%7B',
  '..',
  ':',
  'a:b:c',
  'chat:session:{x}',
  'llmcache:entry:0',
  '\r\nFLUSHALL\r\n',
  "redis.call('FLUSHALL')",
  '\uD800',
  '\uDC00',
  'a\uD800b',
  '\uDBFF\uDFFF',
  '😀',
  'e\u0301',
  'İ',
  'ß',
  '\u0000\u0000',
  'x'.repeat(300),
] as const;

/** One UTF-16 code unit, lone surrogates included (invalid UTF-16 on its own). */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/**
 * A hostile string: a notorious one, a run of special characters, any code units (lone
 * surrogates included), or any Unicode text; short enough that hundreds of cases run in
 * seconds. The 1 MB strings are separate cases.
 */
export const hostileString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NOTORIOUS_STRINGS) },
    {
      weight: 3,
      arbitrary: fc.string({ unit: fc.constantFrom(...SPECIAL_CHARACTERS), maxLength }),
    },
    { weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
  );

/** A non-empty hostile string. */
export const hostileNonEmptyString = (maxLength = 40): fc.Arbitrary<string> =>
  hostileString(maxLength).filter((value) => value.length > 0);

/** A string of one mebibyte of varied characters (specials, surrogate pairs, control). */
export function oneMegabyteString(seed: string): string {
  const unit = `${seed} {x} * ? \\ " ' \n 😀 é `;
  const text = unit.repeat(Math.ceil((1024 * 1024) / unit.length)).slice(0, 1024 * 1024);
  // The cut may fall inside a surrogate pair.
  return text.isWellFormed() ? text : text.slice(0, -1);
}

/** Numbers a vector or a numeric filter must refuse. */
export const NOT_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] as const;

/**
 * The seed of every property: fixed, so that the published figures are the ones every run
 * prints; set `RELIABILITY_SEED` to explore other cases.
 */
export const SEED = Number(process.env.RELIABILITY_SEED ?? 20_261_122);

/** fast-check settings: bounded, reproducible from {@link SEED}. */
export const PROPERTY_RUNS = { numRuns: 60, endOnFailure: true, seed: SEED } as const;
