import {
  and,
  createVectorIndex,
  type Filter,
  type FilterInput,
  type RedisConnection,
  tag,
  type VectorIndex,
  type VectorIndexInfo,
} from '@x/redis-core';
import { type RedisArgument, replyToRecord, unlinkKeys } from '@x/redis-core/internal';
import type { ResolvedScope } from './cache-scope.js';
import { hashParts } from './hashing.js';

/** The format of the entries this version writes; also the tag every entry carries. */
export const FORMAT = '1';

/**
 * HNSW candidates kept while searching. A lookup needs only neighbours within a tight
 * threshold, which a narrow search finds: 40 found the entry nearest to a paraphrase in 299 of
 * 300 lookups on 10,000 uniform random 512-dimension vectors (all of them on vectors with a
 * lower intrinsic dimension, as real embeddings have), at half the time of the default 100.
 */
export const EF_RUNTIME = 40;

/** What a partial clear selects; every part given must match. */
export interface EntrySelection {
  llmString?: string;
  /** Only entries of exactly this scope. */
  exactScope?: ResolvedScope;
  /** Only entries whose scope holds every pair of this one. */
  scopeParts?: readonly string[];
}

/** Where the entries of one model and scope live, and what selects them there. */
export interface EntryLocation {
  index: VectorIndex;
  /** Selects the entries of the model and scope within `index`; none when it holds only them. */
  filter: Filter | undefined;
}

/** How a cache lays its entries out in vector indexes. */
export interface EntryLayout {
  /** Where the entries of `llmString` and `scope` are read. */
  locate(llmString: string, scope: ResolvedScope): EntryLocation;
  /**
   * Lists the partition of `llmString` and `scope` for `clear()` and `info()`, sent alongside
   * each write of it (not before: no extra round trip), until the entry written expires
   * (`ttlMs`; never shorter than listed already) or for good. A write whose listing failed, or
   * that a racing clear unlisted, is listed again by the partition's next write; a full
   * `clear()` deletes partition keys by pattern, listed or not.
   */
  register(llmString: string, scope: ResolvedScope, ttlMs: number | undefined): Promise<void>;
  /** Deletes the selected entries, or every entry; returns how many. */
  clear(selection: EntrySelection): Promise<number>;
  /** Deletes every entry and index. */
  drop(): Promise<void>;
  /** The entries, in every scope, and the dimension. */
  info(): Promise<VectorIndexInfo>;
}

/** Filterable fields of the shared index: hashes of the llmString, scope and scope pairs. */
export const SHARED_FIELDS = [
  { name: 'llm', type: 'tag' },
  { name: 'scope', type: 'tag' },
  { name: 'scopeParts', type: 'tag' },
  { name: 'format', type: 'tag' },
] as const;

/**
 * Query Engine: one index for every entry, each tagged with the hashes of its model settings
 * and scope, and every search filtered on both inside the vector query. The server then
 * searches the matching entries alone when they are few (exact), so another scope's entries
 * never take a candidate's place.
 */
export class SharedLayout implements EntryLayout {
  readonly #index: VectorIndex;

  constructor(index: VectorIndex) {
    this.#index = index;
  }

  locate(llmString: string, scope: ResolvedScope): EntryLocation {
    return {
      index: this.#index,
      filter: and(tag('llm').eq(hashParts('llm', llmString)), tag('scope').eq(scope.key)),
    };
  }

  async register(): Promise<void> {
    // One index holds every entry: nothing to list; the Query Engine forgets expired entries.
  }

  clear(selection: EntrySelection): Promise<number> {
    const conditions: Filter[] = [];
    if (selection.llmString !== undefined) {
      conditions.push(tag('llm').eq(hashParts('llm', selection.llmString)));
    }
    if (selection.exactScope !== undefined) {
      conditions.push(tag('scope').eq(selection.exactScope.key));
    }
    for (const part of selection.scopeParts ?? []) conditions.push(tag('scopeParts').eq(part));
    if (conditions.length === 0) conditions.push(tag('format').eq(FORMAT));
    const filter: FilterInput =
      conditions.length === 1 ? (conditions[0] as Filter) : and(...conditions);
    return this.#index.deleteWhere(filter);
  }

  drop(): Promise<void> {
    return this.#index.drop({ deleteDocuments: true });
  }

  info(): Promise<VectorIndexInfo> {
    return this.#index.info();
  }
}

/** What the registry keeps of a partition, to select it in a clear. */
interface PartitionRecord {
  llm: string;
  scope: string;
  scopeParts: string[];
}

/** A partition id in a SCAN pattern: the 32 hex digits of `hashParts`. */
const PARTITION_ID = '[0-9a-f]'.repeat(32);

/** What a partition's index name adds to the cache's name: `:p:` and the id. */
export const PARTITION_NAME_EXTRA = 3 + 32;

/** Partition indexes kept open per cache; past it the least recently used is let go. */
const OPEN_PARTITIONS = 10_000;

/** How much longer than its entries a partition stays listed, so it is never unlisted first. */
const REGISTRY_SLACK_MS = 1000;

/**
 * Vector sets: one vector set per model settings and scope (a partition), named after their
 * hash, so that a lookup searches only its own entries: no filter, no other tenant's entry can
 * even be a candidate, and a lookup's cost does not grow with the other partitions. Each
 * partition's keys share a hash tag of their own, so a cluster spreads partitions over its
 * slots (by hash, as it spreads keys). A registry (one hash) names every partition with the
 * hashes of its model and scope, so that `clear({ llmString })` and `clear({ scope })` drop
 * whole partitions.
 */
export class PartitionedLayout implements EntryLayout {
  readonly #connection: RedisConnection;
  readonly #name: string;
  readonly #registry: string;
  readonly #onSweepError: (error: Error) => void;
  /** The index of the former layout (one vector set for every entry), cleared with the rest. */
  readonly #legacy: VectorIndex;
  readonly #open = new Map<string, VectorIndex>();

  constructor(
    connection: RedisConnection,
    options: { name: string; legacy: VectorIndex; onSweepError: (error: Error) => void },
  ) {
    this.#connection = connection;
    this.#name = options.name;
    this.#registry = `${options.name}:partitions`;
    this.#legacy = options.legacy;
    this.#onSweepError = options.onSweepError;
  }

  locate(llmString: string, scope: ResolvedScope): EntryLocation {
    return { index: this.#partition(partitionId(llmString, scope)), filter: undefined };
  }

  async register(llmString: string, scope: ResolvedScope, ttlMs: number | undefined) {
    // On every write, not once per process: another process may have cleared the partition.
    const record: PartitionRecord = {
      llm: hashParts('llm', llmString),
      scope: scope.key,
      scopeParts: [...scope.parts],
    };
    const id = partitionId(llmString, scope);
    const registry = this.#registry;
    // HSETNX: the record of a partition never changes, and rewriting it would clear its expiry.
    const commands: RedisArgument[][] = [['HSETNX', registry, id, JSON.stringify(record)]];
    if (ttlMs === undefined) {
      commands.push(['HPERSIST', registry, 'FIELDS', '1', id]);
    } else {
      // Listed a little longer than its entries live, as its keys are (`expireWithDocuments`).
      const at = String(Math.ceil(Date.now() + ttlMs + REGISTRY_SLACK_MS));
      for (const condition of ['NX', 'GT']) {
        commands.push(['HPEXPIREAT', registry, at, condition, 'FIELDS', '1', id]);
      }
    }
    // Pipelined in order on the registry's connection: one round trip.
    await Promise.all(commands.map((command) => this.#connection.send(command, { key: registry })));
  }

  async clear(selection: EntrySelection): Promise<number> {
    const everything =
      selection.llmString === undefined &&
      selection.exactScope === undefined &&
      (selection.scopeParts ?? []).length === 0;
    const llm =
      selection.llmString === undefined ? undefined : hashParts('llm', selection.llmString);
    let removed = 0;
    for (const [id, record] of await this.#partitions()) {
      if (llm !== undefined && record?.llm !== llm) continue;
      if (selection.exactScope !== undefined && record?.scope !== selection.exactScope.key)
        continue;
      if (!(selection.scopeParts ?? []).every((part) => record?.scopeParts.includes(part)))
        continue;
      removed += await this.#dropPartition(id);
    }
    if (await this.#legacy.exists()) {
      // Entries of the former layout, selected the way that layout selects them.
      removed += await new SharedLayout(this.#legacy).clear(selection);
      if (everything) await this.#legacy.drop({ deleteDocuments: true });
    }
    // A partition's keys that a racing write left, or that a lost registry no longer lists.
    if (everything) await unlinkKeys(this.#connection, `${this.#name}:p:${PARTITION_ID}:*`);
    return removed;
  }

  async drop(): Promise<void> {
    await this.clear({});
    await this.#connection.send(['UNLINK', this.#registry], { key: this.#registry });
  }

  async info(): Promise<VectorIndexInfo> {
    let documents = 0;
    let dimension: number | undefined;
    for (const [id] of await this.#partitions()) {
      const info = await this.#partition(id).info();
      documents += info.documents;
      dimension ??= info.dimension;
    }
    if (await this.#legacy.exists()) documents += (await this.#legacy.info()).documents;
    return { name: this.#name, engine: 'vector-set', exists: true, documents, dimension };
  }

  /** Every registered partition and its record (`undefined` when unreadable). */
  async #partitions(): Promise<[string, PartitionRecord | undefined][]> {
    // From the primary: a replica may not have a partition registered a moment ago.
    const reply = await this.#connection.send(['HGETALL', this.#registry], {
      key: this.#registry,
    });
    return Object.entries(replyToRecord(reply)).map(([id, text]) => [id, parseRecord(text)]);
  }

  /** Deletes a partition's entries and keys, then its registration; returns how many entries. */
  async #dropPartition(id: string): Promise<number> {
    const index = this.#partition(id);
    const removed = await index.deleteWhere(tag('format').eq(FORMAT));
    await index.drop();
    this.#open.delete(id);
    await this.#connection.send(['HDEL', this.#registry, id], { key: this.#registry });
    return removed;
  }

  #partition(id: string): VectorIndex {
    let index = this.#open.get(id);
    if (index) {
      // Most recently used last: the map's order is the eviction order.
      this.#open.delete(id);
    } else {
      index = createVectorIndex(this.#connection, {
        name: `${this.#name}:p:${id}`,
        engine: 'vector-set',
        schema: { fields: [{ name: 'format', type: 'tag' }], hnsw: { efRuntime: EF_RUNTIME } },
        // A partition nobody writes again leaves nothing once its entries expire, read or not.
        expireWithDocuments: true,
        onError: this.#onSweepError,
      });
      if (this.#open.size >= OPEN_PARTITIONS) {
        const [oldest] = this.#open.keys();
        if (oldest !== undefined) this.#open.delete(oldest);
      }
    }
    this.#open.set(id, index);
    return index;
  }
}

/** The partition of the entries of `llmString` under `scope`. */
function partitionId(llmString: string, scope: ResolvedScope): string {
  return hashParts('partition', llmString, scope.key);
}

function parseRecord(text: unknown): PartitionRecord | undefined {
  try {
    const record = JSON.parse(String(text)) as PartitionRecord;
    return typeof record.llm === 'string' &&
      typeof record.scope === 'string' &&
      Array.isArray(record.scopeParts)
      ? record
      : undefined;
  } catch {
    return undefined;
  }
}
