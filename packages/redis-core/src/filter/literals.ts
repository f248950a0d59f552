import { InvalidFilterError } from '../errors.js';

/**
 * How tag values are stored and queried on both engines: `a`-`z` and `0`-`9` stay as they
 * are, every other character becomes `_` and the lowercase hex of its UTF-8 bytes, and the
 * empty string becomes `_`. The result is made of characters that neither query language
 * treats specially, so a value is never escaped and never changes a query's structure; the
 * Query Engine's tag case folding and whitespace trimming leave it unchanged; and every
 * string, the empty one included, is expressible. `News` is stored as `_4eews`. The empty
 * string is `_e`, which no other value encodes to (an escape is `_` and two hex digits); a lone
 * `_` would be shorter, but the Query Engine's parser refuses it as a tag (`Syntax error`).
 */
export function encodeTagValue(value: string): string {
  if (value.length === 0) return '_e';
  let encoded = '';
  for (const character of value) {
    if (/^[a-z0-9]$/.test(character)) {
      encoded += character;
    } else {
      for (const byte of Buffer.from(character, 'utf8')) {
        encoded += `_${byte.toString(16).padStart(2, '0')}`;
      }
    }
  }
  return encoded;
}

/** Longest number literal we write; the vector-set expression parser takes 255 characters. */
const MAX_LITERAL_LENGTH = 200;

/**
 * A finite number as a plain decimal literal (`0.0000001`, never `1e-7`), which both query
 * languages parse back to the same double: the vector-set expression parser accepts neither an
 * exponent sign nor, after the first character, a minus.
 *
 * @throws {InvalidFilterError} for NaN, infinities, and magnitudes whose decimal form is too
 *   long to send (roughly beyond 1e200 or below 1e-180).
 */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) {
    throw new InvalidFilterError(`a filter cannot compare with ${value}`);
  }
  if (Object.is(value, -0)) return '0';
  const shortest = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (!match) return shortest;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  let literal: string;
  if (point <= 0) literal = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) literal = digits + '0'.repeat(point - digits.length);
  else literal = `${digits.slice(0, point)}.${digits.slice(point)}`;
  literal = sign + literal;
  if (literal.length > MAX_LITERAL_LENGTH) {
    throw new InvalidFilterError(
      `a filter cannot compare with ${shortest}: its magnitude is out of range`,
    );
  }
  return literal;
}
