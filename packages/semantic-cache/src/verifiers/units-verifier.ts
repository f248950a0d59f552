import { PASS, reject, substituted } from './differences.js';
import { type HitVerifier, VERIFIER_NAME } from './hit-verifier.js';
import { derived } from './prompt-text.js';
import { unitMentions } from './unit-mentions.js';
import { COMPATIBLE } from './units-lexicon.js';

interface UnitFacts {
  readonly units: ReadonlySet<string>;
  /** The units written right after each number ("100 °F" gives 100 → fahrenheit). */
  readonly quantities: ReadonlyMap<string, ReadonlySet<string>>;
}

const UNITS = Symbol('units');

function factsOf(text: string): UnitFacts {
  return derived(text, UNITS, () => {
    const units = new Set<string>();
    const quantities = new Map<string, Set<string>>();
    for (const mention of unitMentions(text)) {
      for (const unit of mention.units) units.add(unit);
      if (mention.quantity === undefined) continue;
      const attached = quantities.get(mention.quantity) ?? new Set<string>();
      for (const unit of mention.units) attached.add(unit);
      quantities.set(mention.quantity, attached);
    }
    // "100 degrees Fahrenheit": the vague "degree" says nothing the precise unit does not.
    for (const [vague, precise] of COMPATIBLE) {
      if (units.has(vague) && [...precise].some((unit) => units.has(unit))) units.delete(vague);
    }
    return { units, quantities };
  });
}

function fits(unit: string, others: ReadonlySet<string>): boolean {
  if (others.has(unit)) return true;
  for (const other of COMPATIBLE.get(unit) ?? []) if (others.has(other)) return true;
  for (const other of others) if (COMPATIBLE.get(other)?.has(unit)) return true;
  return false;
}

function unmatched(units: ReadonlySet<string>, others: ReadonlySet<string>): string[] {
  return [...units].filter((unit) => !fits(unit, others));
}

/**
 * Refuses a hit when the two prompts ask in different units or currencies, or give the same
 * number a different unit.
 *
 * Catches: a unit or currency swapped for another ("100 USD in euros" / "in pounds", "miles per
 * second" / "kilometers per second", "mpg" / "liters per 100 km", "ms" / "µs"), and a quantity
 * whose unit changed ("100 °F in Celsius" / "100 °C in Fahrenheit", "5 miles" / "5 km").
 * Spellings are folded ("km", "kilometre", "kilometers"; "$", "dollars", "USD"; "°F",
 * "degrees Fahrenheit"), and compound abbreviations expand ("mph" is miles per hour).
 *
 * Cannot catch: a unit on one side only ("how long" / "how many minutes" asks the same, so it
 * passes), units missing from its lexicon, or a currency symbol shared by several currencies ("$"
 * is read as US dollars). Short or ambiguous spellings ("m", "g", "l", "pt") count only right
 * after a number, so "a pt in a game" is no pint.
 */
export function createUnitsVerifier(): HitVerifier {
  return {
    name: VERIFIER_NAME.units,
    verify({ prompt, cached }) {
      const mine = factsOf(prompt);
      const theirs = factsOf(cached.prompt);
      if (mine.units.size === 0 || theirs.units.size === 0) return PASS;
      const onlyMine = unmatched(mine.units, theirs.units);
      const onlyTheirs = unmatched(theirs.units, mine.units);
      if (onlyMine.length > 0 && onlyTheirs.length > 0) {
        return substituted('units', onlyMine, onlyTheirs);
      }
      for (const [number, units] of mine.quantities) {
        const cachedUnits = theirs.quantities.get(number);
        if (cachedUnits === undefined) continue;
        const changed = unmatched(units, cachedUnits);
        if (changed.length > 0 && unmatched(cachedUnits, units).length > 0) {
          const before = [...cachedUnits].join(' ');
          return reject(
            `${number} ${changed.join(' ')} in the prompt is ${number} ${before} cached`,
          );
        }
      }
      return PASS;
    },
  };
}
