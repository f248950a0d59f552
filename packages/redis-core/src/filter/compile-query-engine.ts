import type { FilterNode } from './filter.js';
import { encodeTagValue, numberLiteral } from './literals.js';

/**
 * How a filter names an index's attributes and tag values: this library's own indexes query a
 * field by its name and a tag by its encoding ({@link encodeTagValue}); an attached index may
 * prefix names and store tags as written (its layout escapes them).
 */
export interface QueryEngineNaming {
  attribute(field: string): string;
  tag(value: string, field: string): string;
  /** @throws {CapabilityError} when the index cannot tell that `field` is missing. */
  checkMissing?(field: string): void;
}

const OWN_NAMING: QueryEngineNaming = {
  attribute: (field) => field,
  tag: (value) => encodeTagValue(value),
};

/**
 * Compiles a parsed filter to a Query Engine (`FT.SEARCH`, `DIALECT 2`) query. Field names were
 * checked against the schema (letters, digits, `_`); tag values are encoded with
 * {@link encodeTagValue}, numbers written as plain decimals, text reduced to words of letters,
 * digits and `_`: no user character that the query syntax treats specially ever reaches it.
 */
export function compileQueryEngineFilter(
  node: FilterNode,
  naming: QueryEngineNaming = OWN_NAMING,
): string {
  const compile = (child: FilterNode) => compileQueryEngineFilter(child, naming);
  switch (node.type) {
    case 'tag': {
      const values = node.values.map((value) => naming.tag(value, node.field));
      return `@${naming.attribute(node.field)}:{${values.join(' | ')}}`;
    }
    case 'numeric': {
      const min = node.min === Number.NEGATIVE_INFINITY ? '-inf' : numberLiteral(node.min);
      const max = node.max === Number.POSITIVE_INFINITY ? '+inf' : numberLiteral(node.max);
      const open = node.minExclusive && Number.isFinite(node.min) ? '(' : '';
      const close = node.maxExclusive && Number.isFinite(node.max) ? '(' : '';
      return `@${naming.attribute(node.field)}:[${open}${min} ${close}${max}]`;
    }
    case 'text': {
      const words =
        node.match === 'phrase'
          ? `"${node.words.join(' ')}"`
          : node.match === 'prefix'
            ? `${node.words[0]}*`
            : node.words.join(' ');
      return `@${naming.attribute(node.field)}:(${words})`;
    }
    case 'missing':
      naming.checkMissing?.(node.field);
      return `ismissing(@${naming.attribute(node.field)})`;
    case 'geo': {
      const area = [node.lon, node.lat, node.radius].map(numberLiteral).join(' ');
      return `@${naming.attribute(node.field)}:[${area} ${node.unit}]`;
    }
    case 'and':
      return `(${node.filters.map(compile).join(' ')})`;
    case 'or':
      return `(${node.filters.map(compile).join(' | ')})`;
    case 'not':
      return `(-${compile(node.filter)})`;
  }
}
