import { createHash, hash as oneShotHash } from 'node:crypto';

// crypto.hash (Node 20.12+) is several times faster than a Hash object for short inputs.
const sha256Hex: (data: string | Buffer) => string =
  typeof oneShotHash === 'function'
    ? (data) => oneShotHash('sha256', data, 'hex')
    : (data) => createHash('sha256').update(data).digest('hex');

const UTF16_TAG = Buffer.from('utf16le:');

/**
 * SHA-256 of a string, in lowercase hex. Well-formed text is hashed as UTF-8; text with a lone
 * surrogate (which UTF-8 cannot hold, so Node would turn every one into U+FFFD and make
 * different texts collide) is hashed as its UTF-16 code units. The leading tag keeps the two
 * apart.
 */
export function hashText(text: string): string {
  if (!text.isWellFormed()) {
    return sha256Hex(Buffer.concat([UTF16_TAG, Buffer.from(text, 'utf16le')]));
  }
  return sha256Hex(`utf8:${text}`);
}

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
