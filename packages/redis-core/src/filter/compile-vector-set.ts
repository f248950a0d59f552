import { CapabilityError, InvalidFilterError } from '../errors.js';
import type { FilterNode } from './filter.js';
import { encodeTagValue, numberLiteral } from './literals.js';

/**
 * The attribute that lists, per element, the declared fields it has no value for: numeric
 * fields (whose attribute then holds 0) and, in indexes made since the schema record's version
 * 2, tag fields (whose attribute then holds `[]`). A vector-set filter that reads a missing
 * attribute is false as a whole, even under `not`, so every declared field is always written
 * and absence is told here instead.
 */
export const MISSING_ATTRIBUTE = '__missing';

/** What compiling a filter needs to know of its vector-set index. */
export interface VectorSetFilterContext {
  /** Whether its elements list tag fields without a value under {@link MISSING_ATTRIBUTE}. */
  tagsListedMissing: boolean;
  /** Its declared tag fields. */
  tagFields: ReadonlySet<string>;
}

/**
 * Compiles a parsed filter to a vector-set `VSIM ... FILTER` expression over the attributes the
 * vector-set engine writes: each tag field as an array of encoded values (see
 * {@link encodeTagValue}: only `a-z0-9_`, so a quoted value can never end its quotes), each
 * numeric field as a number (0 when absent, and listed in {@link MISSING_ATTRIBUTE}).
 *
 * @throws {InvalidFilterError} for text conditions, which vector sets cannot evaluate.
 */
export function compileVectorSetFilter(
  node: FilterNode,
  index: VectorSetFilterContext = { tagsListedMissing: true, tagFields: new Set() },
): string {
  const compile = (child: FilterNode) => compileVectorSetFilter(child, index);
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
      if (holdsZero(node)) parts.push(`not ("${node.field}" in .${MISSING_ATTRIBUTE})`);
      return `(${parts.join(' and ')})`;
    }
    case 'missing':
      if (index.tagFields.has(node.field) && !index.tagsListedMissing) {
        throw new CapabilityError(
          `isMissing("${node.field}"): this vector-set index was made before tag fields without a value were recorded as such; drop it and write its documents again to filter on missing tags`,
        );
      }
      return `("${node.field}" in .${MISSING_ATTRIBUTE})`;
    case 'geo':
      throw new InvalidFilterError(
        `geo field "${node.field}" cannot be filtered by the vector-set engine; use the query-engine engine`,
      );
    case 'text':
      throw new InvalidFilterError(
        `text field "${node.field}" cannot be filtered by the vector-set engine; use a tag field, or the query-engine engine`,
      );
    case 'and':
      return `(${node.filters.map(compile).join(' and ')})`;
    case 'or':
      return `(${node.filters.map(compile).join(' or ')})`;
    case 'not':
      return `(not ${compile(node.filter)})`;
  }
}

function holdsZero(node: Extract<FilterNode, { type: 'numeric' }>): boolean {
  const aboveMin = node.min < 0 || (node.min === 0 && !node.minExclusive);
  const belowMax = node.max > 0 || (node.max === 0 && !node.maxExclusive);
  return aboveMin && belowMax;
}
