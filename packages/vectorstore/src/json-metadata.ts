import { InvalidArgumentError, SerializationError } from '@x/redis-core';

/** Deeper metadata than this is refused (it is almost surely a cycle through a getter). */
const MAX_DEPTH = 64;

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) {
    return `a ${value.constructor?.name ?? 'non-plain'} object`;
  }
  return `a ${typeof value}`;
}

/**
 * Checks that metadata reads back exactly as written: only strings, finite numbers, booleans,
 * `null`, arrays and plain objects of these. `JSON.stringify` alone would turn a `Date` into a
 * string, `NaN` into `null`, a `Map` into `{}`, drop functions, and throw on a `BigInt` or a
 * cycle. Properties whose value is `undefined` are allowed and left out, as JSON does.
 *
 * @throws {InvalidArgumentError} when `metadata` is not a plain object.
 * @throws {SerializationError} naming the path of the first value that would not survive.
 */
export function checkJsonMetadata(metadata: unknown, path: string): void {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidArgumentError(`${path} must be a plain object`);
  }
  if (!isPlainObject(metadata)) {
    throw new InvalidArgumentError(`${path} must be a plain object, not ${describe(metadata)}`);
  }
  checkValue(metadata, path, new Set(), 0);
}

function checkValue(value: unknown, path: string, ancestors: Set<object>, depth: number): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (Object.is(value, -0)) {
        throw new SerializationError(`${path} is -0, which JSON writes as 0`);
      }
      if (Number.isFinite(value)) return;
      throw new SerializationError(`${path} is ${value}, which JSON cannot hold`);
    case 'object':
      break;
    default:
      throw new SerializationError(`${path} is ${describe(value)}, which is not JSON-serializable`);
  }
  if (value === null) return;
  if (ancestors.has(value)) throw new SerializationError(`${path} refers back to itself`);
  if (depth >= MAX_DEPTH) throw new SerializationError(`${path} nests deeper than ${MAX_DEPTH}`);
  ancestors.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const itemPath = `${path}[${index}]`;
      if (item === undefined) {
        throw new SerializationError(`${itemPath} is undefined, which JSON turns into null`);
      }
      checkValue(item, itemPath, ancestors, depth + 1);
    });
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) checkValue(item, `${path}.${key}`, ancestors, depth + 1);
    }
  } else {
    throw new SerializationError(
      `${path} is ${describe(value)}, which would not read back as it was written; store a plain value (a Date as an ISO string or epoch milliseconds)`,
    );
  }
  ancestors.delete(value);
}
