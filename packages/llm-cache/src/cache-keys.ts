import { createHash, hash as oneShotHash } from 'node:crypto';
import { KeySchema } from '@x/redis-core/internal';

const ENTRY_KIND = 'entry';
/** Hex digits of SHA-256(llmString) kept in a key: 128 bits, plenty for model settings. */
const MODEL_HASH_LENGTH = 32;
const PROMPT_HASH_LENGTH = 64;
const HEX_DIGIT = '[0-9a-f]';

/**
 * SHA-256 of a string, in hex. Well-formed text is hashed as UTF-8; text with a lone surrogate
 * (which UTF-8 cannot hold, so Node would turn every one into U+FFFD and make different
 * prompts collide) is hashed as its UTF-16 code units. The leading tag keeps the two apart.
 */
export function hashText(text: string): string {
  if (!text.isWellFormed()) {
    return sha256Hex(Buffer.concat([UTF16_TAG, Buffer.from(text, 'utf16le')]));
  }
  return sha256Hex(`utf8:${text}`);
}

const UTF16_TAG = Buffer.from('utf16le:');

// crypto.hash (Node 20.12+) is several times faster than a Hash object for short inputs.
const sha256Hex: (data: string | Buffer) => string =
  typeof oneShotHash === 'function'
    ? (data) => oneShotHash('sha256', data, 'hex')
    : (data) => createHash('sha256').update(data).digest('hex');

function requireString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new TypeError(`RedisCache: \`${name}\` must be a string, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * The keys of one cache: `<prefix>:entry:<model hash>.<prompt hash>`, where the model hash is
 * the first 32 hex digits of SHA-256(llmString) and the prompt hash the whole SHA-256(prompt).
 * That is {@link KeySchema}'s `<prefix>:<kind>:<id>` shape with an id of hex digits and `.`,
 * which encode as themselves; one key per entry, so every command touches a single key and
 * works on a cluster.
 */
export class CacheKeys {
  readonly #entryStart: string;
  // Model settings rarely change between calls; hashing them once saves a hash per lookup.
  #lastLlmString: string | undefined;
  #lastModelHash = '';

  /** @throws {InvalidKeyError} when the prefix is not valid. */
  constructor(prefix: string) {
    this.#entryStart = new KeySchema(prefix).kindPrefix(ENTRY_KIND);
  }

  /** The key of the entry for `prompt` under the model settings `llmString`. */
  entry(prompt: string, llmString: string): string {
    requireString(prompt, 'prompt');
    return `${this.#entryStart}${this.#modelHash(llmString)}.${hashText(prompt)}`;
  }

  /**
   * The SCAN pattern of this cache's entries, or only of those for `llmString`. It spells out
   * every hex digit so that it cannot match the keys of a longer prefix such as
   * `<prefix>:entry:more`.
   */
  pattern(llmString?: string): string {
    const model =
      llmString === undefined ? HEX_DIGIT.repeat(MODEL_HASH_LENGTH) : this.#modelHash(llmString);
    return `${this.#entryStart}${model}.${HEX_DIGIT.repeat(PROMPT_HASH_LENGTH)}`;
  }

  #modelHash(llmString: string): string {
    requireString(llmString, 'llmString');
    if (llmString !== this.#lastLlmString) {
      this.#lastModelHash = hashText(llmString).slice(0, MODEL_HASH_LENGTH);
      this.#lastLlmString = llmString;
    }
    return this.#lastModelHash;
  }
}
