import { randomBytes } from 'node:crypto';
import { RedisStoreError } from '@x/redis-core';
import { parseInfo } from '@x/redis-core/internal';
import { type RedisServerProcess, spawnRedisServer, type TestClient } from '@x/test-utils';
import { createClient } from 'redis';
import { type AclLogEntry, parseAclLog } from '../acl.js';
import type { ScenarioFigures } from '../figures.js';
import { diffKeyspaces, type KeyspaceDifference, snapshotKeyspace } from '../keyspace.js';

/** Commands no package may ever send: they read or wipe keys beyond its own. */
const FORBIDDEN_COMMANDS = ['keys', 'flushdb', 'flushall', 'randomkey'];

/**
 * Keys just outside `prefix`: the bare prefix, longer and shorter prefixes, the prefix inside a
 * hash tag or with an escaped separator, of every common type. A package that reads, writes or
 * deletes any of them has let input or a pattern escape its prefix.
 */
export function neighbourKeys(prefix: string): string[] {
  return [
    prefix,
    `${prefix}x:a`,
    `${prefix}_:a`,
    `${prefix}-x`,
    `${prefix.slice(0, -1)}:a`,
    `x${prefix}:a`,
    `{${prefix}}:a`,
    `${prefix}\\:a`,
    `${prefix}*`,
    `other:${prefix}:a`,
  ];
}

/** How the calls of a property ended: right results, and typed errors by class. */
export class Tally {
  succeeded = 0;
  readonly #failures = new Map<string, number>();

  /** A call gave the right result. */
  ok(): void {
    this.succeeded++;
  }

  /**
   * A call threw: counted when `error` is one of our typed errors (or a `TypeError`, which the
   * packages document for arguments of the wrong type) that `allowed` accepts; rethrown
   * otherwise, so that the property fails with it.
   */
  refused(error: unknown, allowed: readonly { isInstance(error: unknown): boolean }[]): void {
    const typed = allowed.some((kind) => kind.isInstance(error));
    if (!typed || !(error instanceof Error)) throw error;
    this.#failures.set(error.name, (this.#failures.get(error.name) ?? 0) + 1);
  }

  /** The counts for {@link recordFigures}. */
  figures(): Omit<ScenarioFigures, 'lost' | 'detail'> {
    const failed = [...this.#failures.values()].reduce((sum, count) => sum + count, 0);
    return {
      attempted: this.succeeded + failed,
      succeeded: this.succeeded,
      failedAsExpected: failed,
      expectedFailure: [...this.#failures]
        .sort(([, a], [, b]) => b - a)
        .map(([name, count]) => `${count} ${name}`)
        .join(', '),
    };
  }
}

/** `TypeError` as an allowed failure, for the arguments the packages document it for. */
export const TYPE_ERROR = { isInstance: (error: unknown) => error instanceof TypeError };

/** Any typed error of ours, except a failed Redis command (bad input must never reach Redis). */
export const INPUT_ERROR = {
  isInstance: (error: unknown) =>
    RedisStoreError.isInstance(error) && (error as Error).name !== 'RedisOperationError',
};

/** What was touched outside the package's prefix, once the properties ran. */
export interface Trespasses {
  /** Neighbour keys added, changed or removed. */
  neighbours: KeyspaceDifference;
  /** Keys added outside `<prefix>:`. */
  outside: string[];
  /** Refusals ACL LOG recorded for the prefix-only user (a key outside the prefix, ...). */
  refusals: AclLogEntry[];
  /** Forbidden commands the server ran (`KEYS`, `FLUSHALL`, ...). */
  forbidden: string[];
}

/**
 * A private server with neighbour keys around `prefix`, and a user allowed every command but
 * only keys under `<prefix>:`: what the package under test connects as. Reads outside the
 * prefix then fail and are logged; writes and deletes show in a keyspace snapshot.
 */
export class GuardedServer {
  readonly server: RedisServerProcess;
  readonly admin: TestClient;
  readonly prefix: string;
  /** The URL of the prefix-only user. */
  readonly url: string;
  #before = new Map<string, string>();

  private constructor(server: RedisServerProcess, admin: TestClient, prefix: string, url: string) {
    this.server = server;
    this.admin = admin;
    this.prefix = prefix;
    this.url = url;
  }

  /**
   * Starts the server, writes the neighbour keys, creates the user. `indexNames` are keys the
   * user may touch besides `<prefix>:*`: the Query Engine's `FT.*` commands declare the index
   * name as a key (the neighbour key of that name stays guarded by the keyspace snapshot).
   */
  static async start(prefix: string, indexNames: readonly string[] = []): Promise<GuardedServer> {
    const server = await spawnRedisServer();
    const admin = createClient({ url: server.url });
    admin.on('error', () => {});
    await admin.connect();
    const password = randomBytes(12).toString('hex');
    await admin.sendCommand([
      'ACL',
      'SETUSER',
      'guarded',
      'on',
      `>${password}`,
      'resetkeys',
      `~${prefix}:*`,
      ...indexNames.map((name) => `~${name}`),
      'resetchannels',
      '+@all',
    ]);
    const [first, second, third, ...rest] = neighbourKeys(prefix);
    await admin.set(first as string, 'neighbour');
    await admin.hSet(second as string, { content: 'neighbour', metadata: '{}' });
    await admin.rPush(third as string, ['neighbour']);
    await admin.zAdd(rest[0] as string, { score: 1, value: 'neighbour' });
    for (const key of rest.slice(1)) await admin.set(key, `neighbour ${key}`);
    return new GuardedServer(
      server,
      admin,
      prefix,
      `redis://guarded:${password}@127.0.0.1:${server.port}`,
    );
  }

  /**
   * Takes the snapshot that {@link trespasses} compares with: call it once the test's own
   * neighbour instances (another prefix inside this one, ...) are written.
   */
  async seal(): Promise<number> {
    await this.admin.sendCommand(['ACL', 'LOG', 'RESET']);
    await this.admin.sendCommand(['CONFIG', 'RESETSTAT']);
    this.#before = await snapshotKeyspace(this.admin);
    return this.#before.size;
  }

  /** What was touched outside the prefix since {@link seal}. */
  async trespasses(): Promise<Trespasses> {
    const after = await snapshotKeyspace(this.admin);
    const difference = diffKeyspaces(this.#before, after);
    const neighbours = {
      added: [],
      changed: difference.changed,
      removed: difference.removed,
    };
    const outside = difference.added.filter((key) => !key.startsWith(`${this.prefix}:`));
    const refusals = parseAclLog(await this.admin.sendCommand(['ACL', 'LOG'])).filter(
      (entry) => entry.username === 'guarded',
    );
    const stats = parseInfo(await this.admin.sendCommand(['INFO', 'commandstats']));
    const forbidden = FORBIDDEN_COMMANDS.filter((command) => `cmdstat_${command}` in stats);
    return { neighbours, outside, refusals, forbidden };
  }

  async stop(): Promise<void> {
    await this.admin.close();
    await this.server.stop();
  }
}
