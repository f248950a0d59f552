/**
 * Readers for raw command replies that accept what RESP2 and RESP3 clients return alike: RESP3
 * maps may arrive as `Map`s or plain objects, RESP2 ones as flat `[key, value, ...]` arrays.
 */

/** A reply value as a string (blob strings may be `Buffer`s); `undefined` for null replies. */
export function replyToString(reply: unknown): string | undefined {
  if (reply === null || reply === undefined) return undefined;
  if (typeof reply === 'string') return reply;
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  if (typeof reply === 'number' || typeof reply === 'bigint' || typeof reply === 'boolean') {
    return String(reply);
  }
  // RESP3 verbatim strings (INFO) come as objects that stringify to their text.
  if (typeof reply === 'object' && typeof reply.toString === 'function') {
    const text = reply.toString();
    if (text !== '[object Object]') return text;
  }
  return undefined;
}

/** A map reply (RESP3 map, `Map`, plain object, or RESP2 flat array) as a record. */
export function replyToRecord(reply: unknown): Record<string, unknown> {
  const record: Record<string, unknown> = Object.create(null);
  if (reply instanceof Map) {
    for (const [key, value] of reply) {
      const name = replyToString(key);
      if (name !== undefined) record[name] = value;
    }
  } else if (Array.isArray(reply)) {
    for (let index = 0; index + 1 < reply.length; index += 2) {
      const name = replyToString(reply[index]);
      if (name !== undefined) record[name] = reply[index + 1];
    }
  } else if (typeof reply === 'object' && reply !== null) {
    Object.assign(record, reply);
  }
  return record;
}

/** A number reply (integer, double, or a numeric string as RESP2 sends doubles). */
export function replyToNumber(reply: unknown): number | undefined {
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'bigint') return Number(reply);
  const text = replyToString(reply);
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** Parses the `field:value` lines of an `INFO` reply. */
export function parseInfo(reply: unknown): Record<string, string> {
  const fields: Record<string, string> = Object.create(null);
  for (const line of (replyToString(reply) ?? '').split(/\r?\n/)) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return fields;
}
