import { hashText } from '@x/redis-core/internal';

/** Hex digits kept of a hash used as an id or a tag: 128 bits, far beyond any collision. */
export const SHORT_HASH_LENGTH = 32;

/**
 * The first 128 bits of {@link hashText} of the JSON form of `parts`: an unambiguous hash of
 * several strings (JSON keeps `["a:b", "c"]` and `["a", "b:c"]` apart), in `[0-9a-f]`, which
 * tag values and key segments hold as they are.
 */
export function hashParts(...parts: readonly unknown[]): string {
  return hashText(JSON.stringify(parts)).slice(0, SHORT_HASH_LENGTH);
}
