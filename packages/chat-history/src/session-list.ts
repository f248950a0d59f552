import type { RedisConnection } from '@x/redis-core';
import { atomically, type RedisCommand } from './transaction.js';

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
    const { key, maxMessages } = this.#settings;
    const commands: RedisCommand[] = [['RPUSH', key, ...entries]];
    if (maxMessages !== undefined) commands.push(['LTRIM', key, String(-maxMessages), '-1']);
    commands.push(...this.#expire());
    await atomically(
      this.#settings.connection,
      key,
      commands,
      `append to session ${this.#quotedId}`,
    );
  }

  /**
   * The entries from `start` to the end, oldest first: `0` for all of them, `-n` for the last
   * `n` (LRANGE costs O(n) from the tail, whatever the session's length).
   */
  async range(start: number): Promise<unknown[]> {
    const { key, refreshTtlOnRead } = this.#settings;
    const commands: RedisCommand[] = [['LRANGE', key, String(start), '-1']];
    if (refreshTtlOnRead) commands.push(...this.#expire());
    const [entries] = await atomically(
      this.#settings.connection,
      key,
      commands,
      `read session ${this.#quotedId}`,
    );
    return Array.isArray(entries) ? entries : [];
  }

  /** Deletes the session's list; `true` when it existed. */
  async remove(): Promise<boolean> {
    const { key } = this.#settings;
    const [removed] = await atomically(
      this.#settings.connection,
      key,
      [['UNLINK', key]],
      `clear session ${this.#quotedId}`,
    );
    return Number(removed) > 0;
  }

  #expire(): RedisCommand[] {
    const { key, ttlMilliseconds } = this.#settings;
    return ttlMilliseconds === undefined ? [] : [['PEXPIRE', key, String(ttlMilliseconds)]];
  }
}
