import { hashText, KeySchema, requireString } from '@x/redis-core/internal';

const ENTRY_KIND = 'entry';
/** Hex digits of SHA-256(llmString) kept in a key: 128 bits, plenty for model settings. */
const MODEL_HASH_LENGTH = 32;
const PROMPT_HASH_LENGTH = 64;
const HEX_DIGIT = '[0-9a-f]';

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
    requireString(prompt, 'prompt', 'RedisCache');
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
    requireString(llmString, 'llmString', 'RedisCache');
    if (llmString !== this.#lastLlmString) {
      this.#lastModelHash = hashText(llmString).slice(0, MODEL_HASH_LENGTH);
      this.#lastLlmString = llmString;
    }
    return this.#lastModelHash;
  }
}
