// The words of numbers, dates and times that `number-mentions.ts` reads.

export const CARDINALS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  dozen: 12,
  twice: 2,
  pair: 2,
};
export const SCALES: Readonly<Record<string, number>> = {
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
};
export const ORDINALS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fifteenth: 15,
  twentieth: 20,
  hundredth: 100,
  thousandth: 1000,
};
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** Month names that are also ordinary words: a month only when capitalised or next to a number. */
export const AMBIGUOUS_MONTHS = new Set([
  'march',
  'april',
  'may',
  'june',
  'august',
  'jan',
  'mar',
  'jun',
]);
export const MONTH_OF = new Map<string, number>([
  ...MONTHS.map((month, index) => [month, index + 1] as const),
  ...MONTHS.map((month, index) => [month.slice(0, 3), index + 1] as const),
  ['sept', 9],
]);
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];
export const RELATIVE_DAYS = new Map([
  ['today', 'today'],
  ['tonight', 'today'],
  ['tomorrow', 'tomorrow'],
  ['yesterday', 'yesterday'],
  ['midnight', 't0:00'],
  ['noon', 't12:00'],
  ['midday', 't12:00'],
]);
export const RELATIVE_SHIFT = new Map([
  ['this', 'this'],
  ['next', 'next'],
  ['coming', 'next'],
  ['last', 'last'],
  ['past', 'last'],
  ['previous', 'last'],
]);
export const PERIODS = new Set([
  'week',
  'weekend',
  'month',
  'year',
  'summer',
  'winter',
  'spring',
  'autumn',
  'fall',
  'morning',
  'evening',
  'night',
  'quarter',
  'season',
  ...WEEKDAYS,
]);
export const ROMAN = /^(?=[IVXLC]{2,}$|I$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;
export const ROMAN_LETTERS = new Set(['I', 'V', 'X', 'L', 'C']);
export const ROMAN_VALUE: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
/** "a second" and "per second" are time, not the ordinal. */
export const TIME_SECOND_BEFORE = new Set(['a', 'one', 'per', 'each', 'every', 'split', 'half']);

/** Every word that can start a number, date or time mention (the rest are skipped at once). */
export const NUMBER_WORD_STARTS: ReadonlySet<string> = new Set([
  ...Object.keys(CARDINALS),
  ...Object.keys(ORDINALS),
  ...MONTH_OF.keys(),
  ...WEEKDAYS,
  ...RELATIVE_DAYS.keys(),
  ...RELATIVE_SHIFT.keys(),
  ...['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].flatMap(
    (word) => [`${word}s`, `${word}es`],
  ),
  'a',
]);

/** The value of a Roman numeral ("VIII" is 8). */
export function romanValue(numeral: string): number {
  let total = 0;
  for (let index = 0; index < numeral.length; index++) {
    const value = ROMAN_VALUE[numeral[index] as string] ?? 0;
    const next = ROMAN_VALUE[numeral[index + 1] as string] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}
