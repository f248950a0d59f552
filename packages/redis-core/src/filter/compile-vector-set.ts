import { InvalidFilterError } from '../errors.js';
import type { FilterNode } from './filter.js';
import { encodeTagValue, numberLiteral } from './literals.js';

/**
 * The attribute that lists, per element, the declared numeric fields it has no value for.
 * A vector-set filter that reads a missing attribute is false as a whole, even under `not`, so
 * every declared field is always written and absent numbers are listed here instead.
 */
export const MISSING_NUMERIC_ATTRIBUTE = '__missing';

/**
 * Compiles a parsed filter to a vector-set `VSIM ... FILTER` expression over the attributes the
 * vector-set engine writes: each tag field as an array of encoded values (see
 * {@link encodeTagValue}: only `a-z0-9_`, so a quoted value can never end its quotes), each
 * numeric field as a number (0 when absent, and listed in {@link MISSING_NUMERIC_ATTRIBUTE}).
 *
 * @throws {InvalidFilterError} for text conditions, which vector sets cannot evaluate.
 */
export function compileVectorSetFilter(node: FilterNode): string {
  switch (node.type) {
    case 'tag':
      return `(${node.values.map((value) => `"${encodeTagValue(value)}" in .${node.field}`).join(' or ')})`;
    case 'numeric': {
      const parts: string[] = [];
      if (node.min !== Number.NEGATIVE_INFINITY) {
        parts.push(`.${node.field} ${node.minExclusive ? '>' : '>='} ${numberLiteral(node.min)}`);
      }
      if (node.max !== Number.POSITIVE_INFINITY) {
        parts.push(`.${node.field} ${node.maxExclusive ? '<' : '<='} ${numberLiteral(node.max)}`);
      }
      // A missing number is stored as 0: only a range that holds 0 must rule it out. Elsewhere
      // the comparison is already false for it, and a scan saves the check on every element.
      if (holdsZero(node)) parts.push(`not ("${node.field}" in .${MISSING_NUMERIC_ATTRIBUTE})`);
      return `(${parts.join(' and ')})`;
    }
    case 'geo':
      throw new InvalidFilterError(
        `geo field "${node.field}" cannot be filtered by the vector-set engine; use the query-engine engine`,
      );
    case 'text':
      throw new InvalidFilterError(
        `text field "${node.field}" cannot be filtered by the vector-set engine; use a tag field, or the query-engine engine`,
      );
    case 'and':
      return `(${node.filters.map(compileVectorSetFilter).join(' and ')})`;
    case 'or':
      return `(${node.filters.map(compileVectorSetFilter).join(' or ')})`;
    case 'not':
      return `(not ${compileVectorSetFilter(node.filter)})`;
  }
}

function holdsZero(node: Extract<FilterNode, { type: 'numeric' }>): boolean {
  const aboveMin = node.min < 0 || (node.min === 0 && !node.minExclusive);
  const belowMax = node.max > 0 || (node.max === 0 && !node.maxExclusive);
  return aboveMin && belowMax;
}
