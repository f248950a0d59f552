import {
  GEO_UNIT_METERS,
  geoDistance,
  geoValue,
  numericValue,
  tagValues,
  textValue,
} from './field-values.js';
import type { FilterNode } from './filter.js';
import { textWords } from './filter.js';

/**
 * Whether a document's metadata matches a parsed filter, evaluated in memory with the
 * semantics both engines implement: a tag condition matches when the document holds one of
 * its values; a numeric condition needs a number in range; a text condition needs every word
 * (or the words in a row, or a word of the prefix);
 * `not` inverts, so documents without the field match a negated condition.
 *
 * The reference the engines are tested against, and usable on its own (e.g. for an in-memory
 * store that must agree with Redis).
 */
export function matchesFilter(
  node: FilterNode,
  metadata: Readonly<Record<string, unknown>>,
): boolean {
  switch (node.type) {
    case 'and':
      return node.filters.every((child) => matchesFilter(child, metadata));
    case 'or':
      return node.filters.some((child) => matchesFilter(child, metadata));
    case 'not':
      return !matchesFilter(node.filter, metadata);
    case 'tag': {
      const held = new Set(tagValues(fieldOf(metadata, node.field), node.field));
      return node.values.some((value) => held.has(value));
    }
    case 'numeric': {
      const value = numericValue(fieldOf(metadata, node.field), node.field);
      if (value === undefined) return false;
      const aboveMin = node.minExclusive ? value > node.min : value >= node.min;
      const belowMax = node.maxExclusive ? value < node.max : value <= node.max;
      return aboveMin && belowMax;
    }
    case 'missing': {
      const value = fieldOf(metadata, node.field);
      return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
    }
    case 'geo': {
      const point = geoValue(fieldOf(metadata, node.field), node.field);
      if (point === undefined) return false;
      return geoDistance(point, node) <= node.radius * GEO_UNIT_METERS[node.unit];
    }
    case 'text': {
      const held = textWords(textValue(fieldOf(metadata, node.field), node.field) ?? '');
      if (node.match === 'prefix') {
        const [start = ''] = node.words;
        return held.some((word) => word.startsWith(start));
      }
      if (node.match === 'phrase') {
        return held.some((_, at) => node.words.every((word, offset) => held[at + offset] === word));
      }
      const words = new Set(held);
      return node.words.every((word) => words.has(word));
    }
  }
}

function fieldOf(metadata: Readonly<Record<string, unknown>>, field: string): unknown {
  return Object.hasOwn(metadata, field) ? metadata[field] : undefined;
}
