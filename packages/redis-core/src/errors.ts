const ERROR_CODES = Symbol.for('@x/redis-core/error-codes');

/** Options every error of this library accepts. */
export interface RedisStoreErrorOptions {
  /** The underlying error (a node-redis error, a JSON parse error, ...). */
  cause?: unknown;
}

type ErrorClass<T> = abstract new (...args: never[]) => T;

/**
 * The base of every error thrown by the `@x` Redis packages.
 *
 * Use `RedisStoreError.isInstance(error)` (or `Subclass.isInstance(error)`) rather than
 * `instanceof`: it also recognises errors thrown by another copy of this package, as happens
 * when two versions end up in one `node_modules`.
 */
export class RedisStoreError extends Error {
  /** A stable, machine-readable code for this kind of error. */
  static readonly code: string = 'REDIS_STORE_ERROR';
  /**
   * The error's `name`, fixed here rather than read from the class, whose name a minifier may
   * change. Every subclass sets its own.
   */
  static readonly errorName: string = 'RedisStoreError';

  /** The code of the most specific class of this error (see each class's static `code`). */
  readonly code: string;

  /** Every code of this error's class chain, most specific first; read by `isInstance`. */
  private readonly [ERROR_CODES]: readonly string[];

  constructor(message: string, options: RedisStoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const codes: string[] = [];
    for (
      let klass: unknown = new.target;
      typeof klass === 'function' && klass !== Error;
      klass = Object.getPrototypeOf(klass)
    ) {
      if (Object.hasOwn(klass, 'code'))
        codes.push(String((klass as unknown as { code: unknown }).code));
    }
    this[ERROR_CODES] = codes;
    this.code = codes[0] ?? RedisStoreError.code;
    this.name = Object.hasOwn(new.target, 'errorName')
      ? (new.target as unknown as { errorName: string }).errorName
      : new.target.name;
  }

  /**
   * Whether `value` is an error of this class (or a subclass), also when it was thrown by a
   * different copy of this package.
   */
  static isInstance<T>(this: ErrorClass<T> & { code: string }, value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false;
    const codes = (value as { [ERROR_CODES]?: unknown })[ERROR_CODES];
    return Array.isArray(codes) && codes.includes(this.code);
  }
}

/** An option or argument is not acceptable (both `client` and `url`, a negative TTL, ...). */
export class InvalidArgumentError extends RedisStoreError {
  static override readonly code: string = 'INVALID_ARGUMENT';
  static override readonly errorName: string = 'InvalidArgumentError';
}

/** A key segment (prefix, name, id) is empty, malformed, or could reach another namespace. */
export class InvalidKeyError extends InvalidArgumentError {
  static override readonly code: string = 'INVALID_KEY';
  static override readonly errorName: string = 'InvalidKeyError';
}

/** A filter is malformed, names an undeclared field, or cannot be expressed by the engine. */
export class InvalidFilterError extends InvalidArgumentError {
  static override readonly code: string = 'INVALID_FILTER';
  static override readonly errorName: string = 'InvalidFilterError';
}

/** A vector holds NaN or an infinite number, or is not an array of numbers. */
export class InvalidVectorError extends InvalidArgumentError {
  static override readonly code: string = 'INVALID_VECTOR';
  static override readonly errorName: string = 'InvalidVectorError';
}

/** A vector has a different number of dimensions than the index it is meant for. */
export class DimensionMismatchError extends InvalidVectorError {
  static override readonly code: string = 'DIMENSION_MISMATCH';
  static override readonly errorName: string = 'DimensionMismatchError';
  /** The dimension the index (or the first vector) has. */
  readonly expected: number;
  /** The dimension of the vector that was refused. */
  readonly actual: number;

  constructor(
    expected: number,
    actual: number,
    message?: string,
    options?: RedisStoreErrorOptions,
  ) {
    super(
      message ??
        `the vector has ${actual} dimensions but ${expected} are expected; use the embedding model the index was built with`,
      options,
    );
    this.expected = expected;
    this.actual = actual;
  }
}

/** The server lacks something the operation needs (vector sets, the Query Engine, ...). */
export class CapabilityError extends RedisStoreError {
  static override readonly code: string = 'MISSING_CAPABILITY';
  static override readonly errorName: string = 'CapabilityError';
}

/** An index already exists with a schema that differs from the one asked for. */
export class SchemaMismatchError extends RedisStoreError {
  static override readonly code: string = 'SCHEMA_MISMATCH';
  static override readonly errorName: string = 'SchemaMismatchError';
  /** One readable line per difference, e.g. `dimension: index has 384, asked for 512`. */
  readonly differences: readonly string[];

  constructor(message: string, differences: readonly string[], options?: RedisStoreErrorOptions) {
    super(message, options);
    this.differences = differences;
  }
}

/** A value cannot be turned into (or back from) what is stored: not JSON-serializable, ... */
export class SerializationError extends RedisStoreError {
  static override readonly code: string = 'SERIALIZATION';
  static override readonly errorName: string = 'SerializationError';
}

/** Stored data is not in the shape this library writes (damaged, or written by someone else). */
export class CorruptDataError extends SerializationError {
  static override readonly code: string = 'CORRUPT_DATA';
  static override readonly errorName: string = 'CorruptDataError';
  /** The Redis key that holds the damaged value. */
  readonly key: string;

  constructor(message: string, key: string, options?: RedisStoreErrorOptions) {
    super(message, options);
    this.key = key;
  }
}
