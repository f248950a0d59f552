import type { FilterNode } from './filter.js';
import { encodeTagValue, numberLiteral } from './literals.js';

/**
 * Compiles a parsed filter to a Query Engine (`FT.SEARCH`, `DIALECT 2`) query. Field names were
 * checked against the schema (letters, digits, `_`); tag values are encoded with
 * {@link encodeTagValue}, numbers written as plain decimals, text reduced to words of letters,
 * digits and `_`: no user character that the query syntax treats specially ever reaches it.
 */
export function compileQueryEngineFilter(node: FilterNode): string {
  switch (node.type) {
    case 'tag':
      return `@${node.field}:{${node.values.map(encodeTagValue).join(' | ')}}`;
    case 'numeric': {
      const min = node.min === Number.NEGATIVE_INFINITY ? '-inf' : numberLiteral(node.min);
      const max = node.max === Number.POSITIVE_INFINITY ? '+inf' : numberLiteral(node.max);
      const open = node.minExclusive && Number.isFinite(node.min) ? '(' : '';
      const close = node.maxExclusive && Number.isFinite(node.max) ? '(' : '';
      return `@${node.field}:[${open}${min} ${close}${max}]`;
    }
    case 'text':
      return `@${node.field}:(${node.words.join(' ')})`;
    case 'and':
      return `(${node.filters.map(compileQueryEngineFilter).join(' ')})`;
    case 'or':
      return `(${node.filters.map(compileQueryEngineFilter).join(' | ')})`;
    case 'not':
      return `(-${compileQueryEngineFilter(node.filter)})`;
  }
}
