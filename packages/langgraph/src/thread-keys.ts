import { decodeKeySegment, KeySchema } from '@x/redis-core/internal';

/** The prefix every key of the saver starts with unless told otherwise. */
export const DEFAULT_SAVER_PREFIX = 'langgraph';

/**
 * Every key of the saver. The thread id sits in a hash tag in each key of a thread, so that a
 * thread lives in one cluster slot and each write to it is one MULTI, atomic on a cluster too;
 * ids, namespaces and checkpoint ids are encoded segments, so that no value (`*`, `{a}`, `a:b`,
 * Unicode) reaches another thread's keys or widens a pattern.
 *
 * - `<prefix>:namespaces:{<thread>}`: the set of the thread's checkpoint namespaces; one per
 *   thread, so `list()` without a thread finds the threads by scanning for these keys.
 * - `<prefix>:checkpoints:{<thread>}:<ns>`: the namespace's checkpoint ids, a sorted set
 *   ordered by id (checkpoint ids sort by time).
 * - `<prefix>:checkpoint:{<thread>}:<ns>:<id>`: a hash, the checkpoint (without its channel
 *   values), its metadata and parent.
 * - `<prefix>:blobs:{<thread>}:<ns>`: a hash, the namespace's channel values, one field per
 *   channel and version: a checkpoint stores only the channels that changed.
 * - `<prefix>:writes:{<thread>}:<ns>:<id>`: a hash, the checkpoint's pending writes.
 */
export class ThreadKeys {
  readonly #schema: KeySchema;

  /** @throws {InvalidKeyError} for an invalid prefix. */
  constructor(prefix: string) {
    this.#schema = new KeySchema(prefix);
  }

  get prefix(): string {
    return this.#schema.prefix;
  }

  /** The SCAN pattern of every thread's set of namespaces (the prefix holds no glob character). */
  get threadPattern(): string {
    return `${this.#schema.prefix}:namespaces:{*}`;
  }

  /** The thread of a key {@link threadPattern} matched, or `undefined` for another key. */
  threadOf(key: string): string | undefined {
    const start = `${this.#schema.prefix}:namespaces:{`;
    if (!key.startsWith(start) || !key.endsWith('}')) return undefined;
    try {
      const thread = decodeKeySegment(key.slice(start.length, -1));
      return this.namespaces(thread) === key ? thread : undefined;
    } catch {
      // Not a key this saver made (`%zz`, a lone surrogate): not a thread of it.
      return undefined;
    }
  }

  namespaces(thread: string): string {
    return this.#schema.key('namespaces', thread, { hashTag: true });
  }

  checkpoints(thread: string, namespace: string): string {
    return this.#schema.key('checkpoints', thread, { hashTag: true, parts: [namespace] });
  }

  blobs(thread: string, namespace: string): string {
    return this.#schema.key('blobs', thread, { hashTag: true, parts: [namespace] });
  }

  checkpoint(thread: string, namespace: string, id: string): string {
    return this.#schema.key('checkpoint', thread, { hashTag: true, parts: [namespace, id] });
  }

  writes(thread: string, namespace: string, id: string): string {
    return this.#schema.key('writes', thread, { hashTag: true, parts: [namespace, id] });
  }
}
