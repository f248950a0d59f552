import { InvalidKeyError } from './errors.js';

/** How long one encoded id may be, in bytes of key; longer ids are refused. */
export const MAX_ENCODED_ID_LENGTH = 1024;

const PREFIX_PATTERN = /^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)*$/;
const KIND_PATTERN = /^[a-z][a-z0-9-]*$/;
const MAX_PREFIX_LENGTH = 128;
// Characters kept as they are inside an id; every other one is percent-encoded, so an encoded
// id never holds the separator `:`, hash-tag braces, glob characters, spaces or controls.
const SAFE_ID_CHARACTER = /[A-Za-z0-9_.~-]/;
/** A string made only of {@link SAFE_ID_CHARACTER}s, which encodes to itself. */
const ALL_SAFE_ID = /^[A-Za-z0-9_.~-]+$/;

/**
 * Checks a prefix (or name) given by a user: 1 to 128 characters of letters, digits, `_`, `.`,
 * `-`, in segments separated by single `:`. Such a prefix cannot hold glob characters, braces,
 * spaces or control characters, so `prefix:*` matches only keys under it.
 *
 * @throws {InvalidKeyError} naming the option and what is wrong with it.
 */
export function validatePrefix(prefix: unknown, option = 'prefix'): string {
  if (typeof prefix !== 'string') {
    throw new InvalidKeyError(`\`${option}\` must be a string, got ${typeof prefix}`);
  }
  if (prefix.length === 0 || prefix.length > MAX_PREFIX_LENGTH || !PREFIX_PATTERN.test(prefix)) {
    throw new InvalidKeyError(
      `\`${option}\` ${JSON.stringify(prefix)} is not valid: use 1 to ${MAX_PREFIX_LENGTH} letters, digits, "_", "." or "-", in segments separated by single ":"`,
    );
  }
  return prefix;
}

/**
 * Encodes any well-formed string as one key segment: letters, digits and `_.~-` stay, every
 * other character becomes `%XX` (its UTF-8 bytes), so the result is reversible and can never
 * reach into another key's namespace or cluster slot.
 *
 * @throws {InvalidKeyError} for a non-string, an empty string, a string with lone surrogates
 *   (it has no UTF-8 form, so two such ids would collide), or one whose encoding is longer than
 *   {@link MAX_ENCODED_ID_LENGTH}.
 */
export function encodeKeySegment(value: unknown, what = 'id'): string {
  if (typeof value !== 'string') {
    throw new InvalidKeyError(`${what} must be a string, got ${typeof value}`);
  }
  if (value.length === 0) throw new InvalidKeyError(`${what} must not be empty`);
  // Most ids (UUIDs, names) are safe as they are: one test instead of one per character.
  if (ALL_SAFE_ID.test(value)) {
    if (value.length > MAX_ENCODED_ID_LENGTH) {
      throw new InvalidKeyError(
        `${what} is too long: its key form is over ${MAX_ENCODED_ID_LENGTH} characters`,
      );
    }
    return value;
  }
  if (!value.isWellFormed()) {
    throw new InvalidKeyError(`${what} holds a lone UTF-16 surrogate and has no UTF-8 form`);
  }
  let encoded = '';
  for (const character of value) {
    if (SAFE_ID_CHARACTER.test(character)) {
      encoded += character;
    } else {
      for (const byte of Buffer.from(character, 'utf8')) {
        encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
    }
    if (encoded.length > MAX_ENCODED_ID_LENGTH) {
      throw new InvalidKeyError(
        `${what} is too long: its key form is over ${MAX_ENCODED_ID_LENGTH} characters`,
      );
    }
  }
  return encoded;
}

/** Reverses {@link encodeKeySegment}. */
export function decodeKeySegment(segment: string): string {
  return decodeURIComponent(segment);
}

/** Options of {@link KeySchema.key}. */
export interface KeyOptions {
  /**
   * Wrap the id in a cluster hash tag (`{id}`), so that every key built for the same id lands
   * in one cluster slot. @default false
   */
  hashTag?: boolean;
  /**
   * Further segments after the id, each encoded as the id is (an empty string stays empty):
   * `<prefix>:<kind>:<id>:<part>:<part>`. Encoded segments never hold `:`, so no two lists of
   * parts give the same key.
   */
  parts?: readonly string[];
}

/**
 * Every key shape of one instance: `<prefix>:<kind>:<id>`, with a validated prefix, a fixed
 * kind, and an encoded id. The only place keys are built.
 */
export class KeySchema {
  /** The validated prefix every key of this schema starts with. */
  readonly prefix: string;

  /** @throws {InvalidKeyError} when the prefix is not valid (see {@link validatePrefix}). */
  constructor(prefix: string, option = 'prefix') {
    this.prefix = validatePrefix(prefix, option);
  }

  /** The key of `id` among the keys of `kind`. */
  key(kind: string, id: string, options: KeyOptions = {}): string {
    const segment = encodeKeySegment(id);
    const key = `${this.kindPrefix(kind)}${options.hashTag ? `{${segment}}` : segment}`;
    if (options.parts === undefined || options.parts.length === 0) return key;
    const parts = options.parts.map((part, index) =>
      part === '' ? '' : encodeKeySegment(part, `key part ${index + 1}`),
    );
    return `${key}:${parts.join(':')}`;
  }

  /** A key of `kind` that has no id (one per instance, such as an index's set of expiries). */
  singleton(kind: string, options: KeyOptions = {}): string {
    const name = `${this.prefix}:${checkKind(kind)}`;
    return options.hashTag ? `{${name}}` : name;
  }

  /**
   * The id a key of `kind` was built from, or `undefined` for any key this schema would not
   * build (another kind, a nested prefix, a non-canonical encoding).
   */
  idOf(kind: string, key: string): string | undefined {
    const start = this.kindPrefix(kind);
    if (!key.startsWith(start)) return undefined;
    let segment = key.slice(start.length);
    if (segment.startsWith('{') && segment.endsWith('}')) segment = segment.slice(1, -1);
    let id: string;
    try {
      id = decodeKeySegment(segment);
    } catch {
      return undefined;
    }
    // Only a key this schema would build for that id: never one of a longer prefix
    // (`a:b:kind:x` read as prefix `a`), nor another spelling of the id (`%61` for `a`).
    try {
      return encodeKeySegment(id) === segment ? id : undefined;
    } catch {
      return undefined;
    }
  }

  /** The SCAN pattern of every key of `kind`, or of every key of this prefix. */
  pattern(kind?: string): string {
    return kind === undefined ? `${this.prefix}:*` : `${this.kindPrefix(kind)}*`;
  }

  /** `<prefix>:<kind>:`, the start of every key of `kind`. */
  kindPrefix(kind: string): string {
    return `${this.prefix}:${checkKind(kind)}:`;
  }
}

function checkKind(kind: string): string {
  if (!KIND_PATTERN.test(kind))
    throw new InvalidKeyError(`key kind ${JSON.stringify(kind)} is not valid`);
  return kind;
}
