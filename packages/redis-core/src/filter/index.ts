export { compileQueryEngineFilter, type QueryEngineNaming } from './compile-query-engine.js';
export {
  compileVectorSetFilter,
  MISSING_ATTRIBUTE,
  type VectorSetFilterContext,
} from './compile-vector-set.js';
export { matchesFilter } from './evaluate-filter.js';
export { geoValue, numericValue, tagValues, textValue } from './field-values.js';
export {
  and,
  checkFieldName,
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
  textWords,
} from './filter.js';
export { GEO_UNIT, type GeoPoint, type GeoUnit, geo } from './geo.js';
export { encodeTagValue, numberLiteral } from './literals.js';
export {
  FIELD_TYPE,
  type FieldDefinition,
  type FieldType,
  type FieldTypes,
  type FilterInput,
  type FilterObject,
  resolveFilter,
} from './resolve-filter.js';
