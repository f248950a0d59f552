import { CorruptDataError, type RedisStoreErrorOptions } from '@x/redis-core';

/**
 * An entry of a session's list is not a message this package wrote (damaged, or pushed there by
 * other code). Nothing was changed: the session reads again once the entry is repaired or
 * removed, or the session is cleared.
 */
export class CorruptMessageError extends CorruptDataError {
  static override readonly code: string = 'CORRUPT_MESSAGE';
  static override readonly errorName: string = 'CorruptMessageError';
  /** The session whose list holds the entry. */
  readonly sessionId: string;
  /**
   * Where the entry is in the list, as `LINDEX` counts: from 0 at the oldest message when the
   * whole session was read, from -1 at the newest when only its tail was.
   */
  readonly position: number;

  constructor(sessionId: string, key: string, position: number, options?: RedisStoreErrorOptions) {
    super(
      `session ${JSON.stringify(sessionId)} holds an entry that is not a stored chat message at position ${position} of list "${key}"; nothing was changed: repair or remove that entry (LSET, LREM), or clear the session`,
      key,
      options,
    );
    this.sessionId = sessionId;
    this.position = position;
  }
}
