import { InvalidFilterError } from '../errors.js';
import {
  and,
  describe,
  Filter,
  type FilterNode,
  isMissing,
  type NumericValue,
  not,
  num,
  or,
  type TagValue,
  tag,
  text,
} from './filter.js';
import { geo } from './geo.js';

/** The types a declared metadata field can have. */
export const FIELD_TYPE = {
  /** Exact values (strings; a metadata array holds several), matched with `eq`/`in`/`ne`. */
  tag: 'tag',
  /** A finite number, matched with ranges. */
  numeric: 'numeric',
  /** Words, matched with `match`, `phrase` or `prefix` (query-engine only). */
  text: 'text',
  /** A point `{ lon, lat }`, matched with `within` a radius (query-engine only). */
  geo: 'geo',
} as const;

/** One of the {@link FIELD_TYPE} values. */
export type FieldType = (typeof FIELD_TYPE)[keyof typeof FIELD_TYPE];

/** A metadata field declared in an index schema, so that filters can use it. */
export interface FieldDefinition {
  /** The metadata key: a letter, then letters, digits or `_` (at most 64 characters). */
  readonly name: string;
  readonly type: FieldType;
}

/**
 * The plain-object filter form LangChain users know: `{ genre: 'x', year: { $gte: 2020 },
 * tags: { $in: ['a', 'b'] }, $and: [...], $or: [...], $not: {...} }`. Several keys in one
 * object must all match. Operators: `$eq`, `$ne`, `$in`, `$nin` (tag and numeric fields),
 * `$gt`, `$gte`, `$lt`, `$lte` (numeric: numbers, or `Date`s compared by their milliseconds
 * since the epoch), `$match`, `$phrase`, `$prefix` (text), `$within` (geo), and `$exists`
 * (`false`: the document holds no value for the field; any type).
 */
export type FilterObject = { readonly [key: string]: unknown };

/** A filter as methods take it: built with the builder functions, or a plain object. */
export type FilterInput = Filter | FilterObject;

const MAX_DEPTH = 32;

/** Field types by name, from the declared fields. */
export type FieldTypes = ReadonlyMap<string, FieldType>;

/**
 * Checks a filter against the declared fields and returns its parsed form; `undefined` (or an
 * empty object) means no filter.
 *
 * @throws {InvalidFilterError} for an undeclared field, a condition the field's type does not
 *   support, an unknown operator, or a malformed value.
 */
export function resolveFilter(
  input: FilterInput | undefined | null,
  fields: FieldTypes,
): FilterNode | undefined {
  if (input === undefined || input === null) return undefined;
  if (Filter.isFilter(input)) {
    checkNode(input.node, fields, 0);
    return input.node;
  }
  if (!isPlainObject(input)) {
    throw new InvalidFilterError(
      `a filter must be a Filter or a plain object, not ${describe(input)}`,
    );
  }
  if (Object.keys(input).length === 0) return undefined;
  return parseObject(input, fields, 0).node;
}

function fieldType(field: string, fields: FieldTypes): FieldType {
  const type = fields.get(field);
  if (type === undefined) {
    const declared = [...fields.keys()].map((name) => `"${name}"`).join(', ') || 'none';
    throw new InvalidFilterError(
      `field "${field}" is not declared in the index schema (declared: ${declared}); declare it in \`schema.fields\` to filter on it`,
    );
  }
  return type;
}

function checkNode(node: FilterNode, fields: FieldTypes, depth: number): void {
  if (depth > MAX_DEPTH) throw new InvalidFilterError(`a filter nests deeper than ${MAX_DEPTH}`);
  switch (node.type) {
    case 'and':
    case 'or':
      for (const child of node.filters) checkNode(child, fields, depth + 1);
      return;
    case 'not':
      checkNode(node.filter, fields, depth + 1);
      return;
    case 'missing':
      fieldType(node.field, fields);
      return;
    default: {
      const declared = fieldType(node.field, fields);
      if (declared !== node.type) {
        throw new InvalidFilterError(
          `field "${node.field}" is declared as ${declared}, but the filter uses it as ${node.type}`,
        );
      }
    }
  }
}

function isPlainObject(value: unknown): value is FilterObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isFilterLike(value: unknown): value is FilterInput {
  return isPlainObject(value) || Filter.isFilter(value);
}

function objectList(value: unknown, operator: string): FilterInput[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isFilterLike)) {
    throw new InvalidFilterError(`${operator} takes a non-empty array of filters`);
  }
  return value;
}

/** A nested filter: a plain object, or a builder filter (checked like one). */
function parseNested(input: FilterInput, fields: FieldTypes, depth: number): Filter {
  if (Filter.isFilter(input)) {
    checkNode(input.node, fields, depth);
    return input;
  }
  return parseObject(input, fields, depth);
}

function parseObject(input: FilterObject, fields: FieldTypes, depth: number): Filter {
  if (depth > MAX_DEPTH) throw new InvalidFilterError(`a filter nests deeper than ${MAX_DEPTH}`);
  const parts: Filter[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === '$and' || key === '$or') {
      const children = objectList(value, key).map((child) => parseNested(child, fields, depth + 1));
      parts.push(key === '$and' ? and(...children) : or(...children));
    } else if (key === '$not') {
      if (!isFilterLike(value)) throw new InvalidFilterError('$not takes a filter');
      parts.push(not(parseNested(value, fields, depth + 1)));
    } else if (key.startsWith('$')) {
      throw new InvalidFilterError(`unknown filter operator "${key}"; use $and, $or or $not`);
    } else {
      parts.push(parseField(key, value, fieldType(key, fields)));
    }
  }
  if (parts.length === 0) throw new InvalidFilterError('a nested filter object must not be empty');
  return parts.length === 1 ? (parts[0] as Filter) : and(...parts);
}

function parseField(field: string, value: unknown, type: FieldType): Filter {
  if (Array.isArray(value)) {
    throw new InvalidFilterError(
      `field "${field}": an array is ambiguous here; use { $in: [...] } to match any of its values`,
    );
  }
  if (!isPlainObject(value)) return condition(field, type, '$eq', value);
  const operators = Object.entries(value);
  if (operators.length === 0) {
    throw new InvalidFilterError(`field "${field}" has an empty condition object`);
  }
  const parts = operators.map(([operator, operand]) => condition(field, type, operator, operand));
  return parts.length === 1 ? (parts[0] as Filter) : and(...parts);
}

function valueList(field: string, operator: string, operand: unknown): unknown[] {
  if (!Array.isArray(operand) || operand.length === 0) {
    throw new InvalidFilterError(`field "${field}": ${operator} takes a non-empty array`);
  }
  return operand;
}

function condition(field: string, type: FieldType, operator: string, operand: unknown): Filter {
  if (operator === '$exists') {
    if (typeof operand !== 'boolean') {
      throw new InvalidFilterError(
        `field "${field}": $exists takes true or false, not ${describe(operand)}`,
      );
    }
    return operand ? not(isMissing(field)) : isMissing(field);
  }
  if (type === 'text') {
    if (typeof operand === 'string') {
      if (operator === '$eq' || operator === '$match') return text(field).match(operand);
      if (operator === '$phrase') return text(field).phrase(operand);
      if (operator === '$prefix') return text(field).prefix(operand);
    }
    throw new InvalidFilterError(
      `text field "${field}" takes a string, { $match: string }, { $phrase: string } or { $prefix: string }, not ${operator} ${describe(operand)}`,
    );
  }
  if (type === 'geo') {
    if (operator === '$within' && typeof operand === 'object' && operand !== null) {
      return geo(field).within(operand as Parameters<ReturnType<typeof geo>['within']>[0]);
    }
    throw new InvalidFilterError(
      `geo field "${field}" takes { $within: { lon, lat, radius, unit } }, not ${operator} ${describe(operand)}`,
    );
  }
  if (type === 'tag') {
    const builder = tag(field);
    switch (operator) {
      case '$eq':
        return builder.eq(operand as TagValue);
      case '$ne':
        return builder.ne(operand as TagValue);
      case '$in':
        return builder.in(valueList(field, operator, operand) as TagValue[]);
      case '$nin':
        return not(builder.in(valueList(field, operator, operand) as TagValue[]));
    }
    throw new InvalidFilterError(
      `tag field "${field}" supports $eq, $ne, $in and $nin, not ${describe(operator)}`,
    );
  }
  const builder = num(field);
  const number = operand as NumericValue;
  switch (operator) {
    case '$eq':
      return builder.eq(number);
    case '$ne':
      return not(builder.eq(number));
    case '$gt':
      return builder.gt(number);
    case '$gte':
      return builder.gte(number);
    case '$lt':
      return builder.lt(number);
    case '$lte':
      return builder.lte(number);
    case '$in':
      return or(
        ...valueList(field, operator, operand).map((item) => builder.eq(item as NumericValue)),
      );
    case '$nin':
      return not(
        or(...valueList(field, operator, operand).map((item) => builder.eq(item as NumericValue))),
      );
  }
  throw new InvalidFilterError(
    `numeric field "${field}" supports $eq, $ne, $gt, $gte, $lt, $lte, $in and $nin, not ${describe(operator)}`,
  );
}
