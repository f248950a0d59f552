import { encodeKeySegment, type KeySchema } from '@x/redis-core/internal';

/** The kind of the one key each session has: `<prefix>:session:{<encoded id>}`. */
const SESSION_KIND = 'session';

/**
 * The list key of a session. The id sits in a hash tag so that every key a session ever has
 * lands in one cluster slot, and a MULTI over them is legal in a cluster.
 *
 * @throws {InvalidKeyError} when the id is not a non-empty string, or is too long.
 */
export function sessionKey(schema: KeySchema, sessionId: unknown): string {
  // Validates with a message that names the option; `schema.key` would say "id".
  encodeKeySegment(sessionId, '`sessionId`');
  return schema.key(SESSION_KIND, sessionId as string, { hashTag: true });
}

/** The SCAN pattern that matches every session key of `schema` (and maybe a few others). */
export function sessionPattern(schema: KeySchema): string {
  return schema.pattern(SESSION_KIND);
}

/**
 * The session id of a key built by {@link sessionKey}, or `undefined` for any other key: one
 * of a longer prefix (`chat:session:session:{x}` under `chat`), or one we would never write.
 */
export function sessionIdOfKey(schema: KeySchema, key: string): string | undefined {
  const id = schema.idOf(SESSION_KIND, key);
  if (id === undefined) return undefined;
  try {
    return sessionKey(schema, id) === key ? id : undefined;
  } catch {
    return undefined;
  }
}
