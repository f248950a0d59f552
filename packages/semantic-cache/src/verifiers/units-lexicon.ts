/**
 * Units and currencies with the ways prompts write them. A compound abbreviation expands into
 * the units it is made of ("mph" is mile and hour), so it matches "miles per hour".
 */
interface UnitEntry {
  /** Canonical names this spelling stands for (one, or several for a compound). */
  readonly units: readonly string[];
  /** Spellings that mean this unit wherever they stand (lowercase). */
  readonly words: readonly string[];
  /** Short or ambiguous spellings that mean this unit only right after a number ("5 m"). */
  readonly afterNumber?: readonly string[];
}

const ENTRIES: readonly UnitEntry[] = [
  // length
  {
    units: ['millimeter'],
    words: ['millimeter', 'millimeters', 'millimetre', 'millimetres'],
    afterNumber: ['mm'],
  },
  {
    units: ['centimeter'],
    words: ['centimeter', 'centimeters', 'centimetre', 'centimetres'],
    afterNumber: ['cm'],
  },
  { units: ['meter'], words: ['meter', 'meters', 'metre', 'metres'], afterNumber: ['m'] },
  {
    units: ['kilometer'],
    words: ['kilometer', 'kilometers', 'kilometre', 'kilometres', 'km', 'kms'],
  },
  { units: ['inch'], words: ['inch', 'inches'], afterNumber: ['"'] },
  { units: ['foot'], words: ['foot', 'feet', 'ft'] },
  { units: ['yard'], words: ['yard', 'yards'], afterNumber: ['yd', 'yds'] },
  { units: ['mile'], words: ['mile', 'miles'], afterNumber: ['mi'] },
  { units: ['nautical-mile'], words: ['nautical mile', 'nautical miles'] },
  { units: ['light-year'], words: ['light year', 'light years', 'light-year', 'light-years'] },
  // area
  { units: ['acre'], words: ['acre', 'acres'] },
  { units: ['hectare'], words: ['hectare', 'hectares'], afterNumber: ['ha'] },
  // mass ("pound" is also money: see COMPATIBLE)
  { units: ['milligram'], words: ['milligram', 'milligrams', 'mg'] },
  { units: ['gram'], words: ['gram', 'grams', 'gramme', 'grammes'], afterNumber: ['g', 'gr'] },
  { units: ['kilogram'], words: ['kilogram', 'kilograms', 'kg', 'kgs', 'kilo', 'kilos'] },
  { units: ['pound'], words: ['pound', 'pounds', 'lb', 'lbs'] },
  { units: ['ounce'], words: ['ounce', 'ounces', 'oz'] },
  { units: ['stone'], words: [], afterNumber: ['stone'] },
  { units: ['ton'], words: ['ton', 'tons', 'tonne', 'tonnes'] },
  // volume
  {
    units: ['milliliter'],
    words: ['milliliter', 'milliliters', 'millilitre', 'millilitres', 'ml'],
  },
  { units: ['liter'], words: ['liter', 'liters', 'litre', 'litres'], afterNumber: ['l'] },
  { units: ['fluid-ounce'], words: ['fluid ounce', 'fluid ounces', 'fl oz', 'fl. oz', 'floz'] },
  { units: ['cup'], words: ['cup', 'cups'] },
  { units: ['tablespoon'], words: ['tablespoon', 'tablespoons', 'tbsp', 'tbs'] },
  { units: ['teaspoon'], words: ['teaspoon', 'teaspoons', 'tsp'] },
  { units: ['pint'], words: ['pint', 'pints'], afterNumber: ['pt'] },
  { units: ['quart'], words: ['quart', 'quarts', 'qt'] },
  { units: ['gallon'], words: ['gallon', 'gallons'], afterNumber: ['gal'] },
  // temperature and angle ("degree" alone fits any of them: see COMPATIBLE)
  {
    units: ['celsius'],
    words: ['celsius', 'centigrade', '°c', 'ºc', 'degrees c', 'degrees celsius', 'degree celsius'],
  },
  {
    units: ['fahrenheit'],
    words: ['fahrenheit', '°f', 'ºf', 'degrees f', 'degrees fahrenheit', 'degree fahrenheit'],
  },
  { units: ['kelvin'], words: ['kelvin', 'kelvins', '°k', 'ºk'] },
  { units: ['degree'], words: ['degree', 'degrees', '°', 'º'] },
  { units: ['radian'], words: ['radian', 'radians'], afterNumber: ['rad'] },
  // time
  { units: ['nanosecond'], words: ['nanosecond', 'nanoseconds', 'ns'] },
  { units: ['microsecond'], words: ['microsecond', 'microseconds', 'µs', 'μs'] },
  { units: ['millisecond'], words: ['millisecond', 'milliseconds', 'ms', 'msec'] },
  { units: ['second'], words: ['seconds', 'secs'], afterNumber: ['second', 'sec'] },
  { units: ['minute'], words: ['minute', 'minutes', 'mins'], afterNumber: ['min'] },
  { units: ['hour'], words: ['hour', 'hours', 'hrs'], afterNumber: ['hr', 'h'] },
  { units: ['day'], words: ['day', 'days'] },
  { units: ['week'], words: ['week', 'weeks'] },
  { units: ['month'], words: ['month', 'months'] },
  { units: ['year'], words: ['year', 'years'], afterNumber: ['yr', 'yrs'] },
  // speed, fuel, pressure
  { units: ['mile', 'hour'], words: ['mph'] },
  { units: ['kilometer', 'hour'], words: ['kph', 'km/h', 'kmh'] },
  { units: ['meter', 'second'], words: ['m/s'] },
  { units: ['knot'], words: ['knot', 'knots'], afterNumber: ['kn', 'kt', 'kts'] },
  { units: ['mile', 'gallon'], words: ['mpg'] },
  { units: ['psi'], words: ['psi'] },
  { units: ['pascal'], words: ['pascal', 'pascals', 'kpa', 'hpa'], afterNumber: ['pa'] },
  { units: ['bar'], words: ['millibar', 'millibars', 'mbar'], afterNumber: ['bar', 'bars'] },
  { units: ['atmosphere'], words: ['atmospheres'], afterNumber: ['atm'] },
  // data, energy, power, frequency
  { units: ['bit'], words: ['bits'], afterNumber: ['bit'] },
  { units: ['byte'], words: ['byte', 'bytes'] },
  { units: ['kilobyte'], words: ['kilobyte', 'kilobytes', 'kb', 'kib'] },
  { units: ['megabyte'], words: ['megabyte', 'megabytes', 'mb', 'mib'] },
  { units: ['gigabyte'], words: ['gigabyte', 'gigabytes', 'gb', 'gib'] },
  { units: ['terabyte'], words: ['terabyte', 'terabytes', 'tb', 'tib'] },
  { units: ['calorie'], words: ['calorie', 'calories', 'kcal'], afterNumber: ['cal'] },
  { units: ['joule'], words: ['joule', 'joules', 'kj'], afterNumber: ['j'] },
  { units: ['watt'], words: ['watt', 'watts', 'kw', 'kilowatt', 'kilowatts'], afterNumber: ['w'] },
  { units: ['kilowatt-hour'], words: ['kwh', 'kilowatt hour', 'kilowatt hours'] },
  { units: ['volt'], words: ['volt', 'volts'], afterNumber: ['v'] },
  { units: ['hertz'], words: ['hertz', 'hz', 'khz', 'mhz', 'ghz'] },
  // currencies (a bare "$" or "dollar" is the US dollar: the reading most prompts mean)
  { units: ['usd'], words: ['usd', 'us dollar', 'us dollars', 'dollar', 'dollars', '$', 'us$'] },
  { units: ['cad'], words: ['cad', 'canadian dollar', 'canadian dollars', 'c$'] },
  { units: ['aud'], words: ['aud', 'australian dollar', 'australian dollars', 'a$'] },
  { units: ['nzd'], words: ['nzd', 'new zealand dollar', 'new zealand dollars'] },
  { units: ['hkd'], words: ['hkd', 'hong kong dollar', 'hong kong dollars'] },
  { units: ['sgd'], words: ['sgd', 'singapore dollar', 'singapore dollars'] },
  { units: ['eur'], words: ['eur', 'euro', 'euros', '€'] },
  { units: ['gbp'], words: ['gbp', '£', 'british pound', 'british pounds', 'pound sterling'] },
  { units: ['jpy'], words: ['jpy', 'yen', 'japanese yen', '¥'] },
  { units: ['cny'], words: ['cny', 'rmb', 'yuan', 'renminbi', 'chinese yuan'] },
  { units: ['inr'], words: ['inr', 'rupee', 'rupees', 'indian rupee', 'indian rupees', '₹'] },
  { units: ['chf'], words: ['chf', 'swiss franc', 'swiss francs', 'franc', 'francs'] },
  { units: ['mxn'], words: ['mxn', 'peso', 'pesos', 'mexican peso', 'mexican pesos'] },
  { units: ['krw'], words: ['krw', 'korean won', 'south korean won', '₩'] },
  { units: ['brl'], words: ['brl', 'brazilian real', 'brazilian reais', 'r$'] },
  { units: ['rub'], words: ['ruble', 'rubles', 'rouble', 'roubles', '₽'] },
  { units: ['try'], words: ['turkish lira', 'lira', '₺'] },
  { units: ['sek'], words: ['sek', 'swedish krona', 'krona', 'kronor'] },
  { units: ['btc'], words: ['btc', 'bitcoin', 'bitcoins'] },
  { units: ['eth'], words: ['ether', 'ethereum'] },
];

/**
 * Units that a vaguer word fits: "degree" fits any temperature or angle, "pound" fits the mass
 * and the currency. A vague unit on one side matches any of these on the other.
 */
export const COMPATIBLE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['degree', new Set(['celsius', 'fahrenheit', 'kelvin', 'radian'])],
  ['pound', new Set(['gbp'])],
]);

const unitsOf = new Map<string, readonly string[]>();
const afterNumberOf = new Map<string, readonly string[]>();
for (const entry of ENTRIES) {
  for (const word of entry.words) unitsOf.set(word, entry.units);
  for (const word of entry.afterNumber ?? []) afterNumberOf.set(word, entry.units);
}
afterNumberOf.set('c', ['celsius']);
afterNumberOf.set('f', ['fahrenheit']);

/** The first word of every unit spelling: a word not in it starts no unit. */
export const UNIT_FIRST_WORDS: ReadonlySet<string> = new Set(
  [...unitsOf.keys(), ...afterNumberOf.keys()].map(
    (spelling) => spelling.split(/[\s/.]+/)[0] ?? '',
  ),
);

/** The most words a unit spelling has ("south korean won"). */
export const LONGEST_SPELLING = Math.max(
  ...[...unitsOf.keys()].map((spelling) => spelling.split(/[\s/]+/).length),
);

/**
 * The canonical units a spelling (lowercase, single spaces) stands for, or `undefined` when it
 * is no unit. `afterNumber` admits the short, ambiguous spellings ("m", "g", "c").
 */
export function unitsOfSpelling(
  spelling: string,
  afterNumber: boolean,
): readonly string[] | undefined {
  return unitsOf.get(spelling) ?? (afterNumber ? afterNumberOf.get(spelling) : undefined);
}

/** Whether `letters` written right after a digit are a unit ("5km", "100ms"). */
export function isUnitSuffix(letters: string): boolean {
  const key = letters.toLowerCase();
  return unitsOf.has(key) || afterNumberOf.has(key);
}
