import type { RedisConnection } from '@x/redis-core';
import { type RedisCommand, sendCommand, sendTransaction } from './transaction.js';

/** How one session's list is kept: its key, and what every write (or read) also does. */
export interface SessionListSettings {
  connection: RedisConnection;
  sessionId: string;
  key: string;
  /** Sliding expiry of the list, in milliseconds; `undefined` keeps it forever. */
  ttlMilliseconds: number | undefined;
  /** How many of the newest entries a write keeps; `undefined` keeps them all. */
  maxMessages: number | undefined;
  /** Whether reads refresh the expiry too. */
  refreshTtlOnRead: boolean;
}

/**
 * The Redis side of one session: a list of serialized messages, oldest first (RPUSH), written
 * and read in one round trip each.
 */
export class SessionList {
  readonly #settings: SessionListSettings;
  readonly #quotedId: string;

  constructor(settings: SessionListSettings) {
    this.#settings = settings;
    this.#quotedId = JSON.stringify(settings.sessionId);
  }

  /**
   * Appends `entries` in order, trims to `maxMessages` and refreshes the expiry, all in one
   * transaction: concurrent appends interleave whole, and none is lost.
   */
  async append(entries: readonly string[]): Promise<void> {
    if (entries.length === 0) return;
    const { connection, key, maxMessages } = this.#settings;
    const operation = `append to session ${this.#quotedId}`;
    const push: RedisCommand = ['RPUSH', key, ...entries];
    const after = this.#expire();
    if (maxMessages !== undefined) after.unshift(['LTRIM', key, String(-maxMessages), '-1']);
    // A lone RPUSH is atomic already: MULTI would only cost two more commands.
    if (after.length === 0) await sendCommand(connection, key, push, operation);
    else await sendTransaction(connection, key, [push, ...after], operation);
  }

  /**
   * The LRANGE reply of the entries from `start` to the end, oldest first: `0` for all of them,
   * `-n` for the last `n` (LRANGE costs O(n) from the tail, whatever the session's length).
   */
  range(start: number): Promise<unknown> {
    const { connection, key, refreshTtlOnRead } = this.#settings;
    const operation = `read session ${this.#quotedId}`;
    const read: RedisCommand = ['LRANGE', key, String(start), '-1'];
    if (!refreshTtlOnRead) return sendCommand(connection, key, read, operation);
    return sendTransaction(connection, key, [read, ...this.#expire()], operation).then(
      ([entries]) => entries,
    );
  }

  /** Deletes the session's list; `true` when it existed. */
  async remove(): Promise<boolean> {
    const { connection, key } = this.#settings;
    const removed = await sendCommand(
      connection,
      key,
      ['UNLINK', key],
      `clear session ${this.#quotedId}`,
    );
    return Number(removed) > 0;
  }

  #expire(): RedisCommand[] {
    const { key, ttlMilliseconds } = this.#settings;
    return ttlMilliseconds === undefined ? [] : [['PEXPIRE', key, String(ttlMilliseconds)]];
  }
}
