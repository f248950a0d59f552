import type { RedisConnection } from './connection.js';
import { replyToString } from './reply.js';

/** Options of {@link scanKeys} and {@link unlinkKeys}. */
export interface ScanOptions {
  /** The `COUNT` hint of each SCAN call: how many keys the server looks at per call. @default 1000 */
  count?: number;
  /** Only keys of this Redis type (`hash`, `list`, `string`, `zset`, `vectorset`, ...). */
  type?: string;
}

/**
 * Every key matching `pattern`, in batches as SCAN returns them, on every master of a cluster.
 * Never `KEYS`: the server stays responsive however many keys there are.
 */
export async function* scanKeys(
  connection: RedisConnection,
  pattern: string,
  options: ScanOptions = {},
): AsyncGenerator<string[]> {
  const count = String(options.count ?? 1000);
  const typeArguments = options.type === undefined ? [] : ['TYPE', options.type];
  for (const node of await connection.masters()) {
    let cursor = '0';
    do {
      const reply = (await node.sendCommand([
        'SCAN',
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        count,
        ...typeArguments,
      ])) as [unknown, unknown[]];
      cursor = replyToString(reply[0]) ?? '0';
      const keys = (reply[1] ?? []).map((key) => replyToString(key) ?? '');
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}

/**
 * Deletes (UNLINK) every key matching `pattern`, batch by batch as SCAN finds them, and
 * returns how many keys were removed. In a cluster each key is unlinked on its own (keys of
 * one batch may lie in different slots); node-redis pipelines them.
 */
export async function unlinkKeys(
  connection: RedisConnection,
  pattern: string,
  options: ScanOptions = {},
): Promise<number> {
  let removed = 0;
  for await (const keys of scanKeys(connection, pattern, options)) {
    if (connection.isCluster) {
      const replies = await Promise.all(
        keys.map((key) => connection.send<number>(['UNLINK', key], { key })),
      );
      removed += replies.reduce((sum, count) => sum + Number(count), 0);
    } else {
      removed += Number(await connection.send<number>(['UNLINK', ...keys]));
    }
  }
  return removed;
}
