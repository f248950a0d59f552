import type { TestClient } from '@x/test-utils';
import { RESP_TYPES } from 'redis';

const AS_BUFFERS = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } };

/** Every key of a server (or those matching a pattern) with its serialized value. */
export type KeyspaceSnapshot = Map<string, string>;

/**
 * The keys matching `pattern`, each with its `DUMP` (type, value and encoding, in Redis's own
 * serialization) and whether it expires, so that any write, delete or expiry change shows.
 */
export async function snapshotKeyspace(
  client: TestClient,
  pattern = '*',
): Promise<KeyspaceSnapshot> {
  const snapshot: KeyspaceSnapshot = new Map();
  for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
    for (const key of keys) {
      const [dump, ttl] = await Promise.all([
        client.sendCommand(['DUMP', key], AS_BUFFERS),
        client.pTTL(key),
      ]);
      snapshot.set(
        key,
        `${Buffer.isBuffer(dump) ? dump.toString('hex') : String(dump)} ${ttl < 0 ? ttl : 'expires'}`,
      );
    }
  }
  return snapshot;
}

/** What changed between two snapshots. */
export interface KeyspaceDifference {
  added: string[];
  removed: string[];
  changed: string[];
}

/** The keys added, removed and changed from `before` to `after`. */
export function diffKeyspaces(
  before: KeyspaceSnapshot,
  after: KeyspaceSnapshot,
): KeyspaceDifference {
  const added = [...after.keys()].filter((key) => !before.has(key));
  const removed = [...before.keys()].filter((key) => !after.has(key));
  const changed = [...before.keys()].filter(
    (key) => after.has(key) && after.get(key) !== before.get(key),
  );
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}
