import { compareVersions } from '../../capabilities.js';
import type { RedisArgument } from '../../connection-options.js';
import { CapabilityError } from '../../errors.js';
import { compileVectorSetFilter, type FilterNode } from '../../filter/index.js';
import { replyToNumber, replyToString } from '../../reply.js';
import { unlinkKeys } from '../../scan.js';
import type {
  EngineContext,
  PreparedDocument,
  PreparedQuery,
  VectorIndexEngine,
} from '../engine.js';
import { readStored, runCommand } from '../engine-helpers.js';
import type { ExistingSchema } from '../resolve-schema.js';
import type { StoredDocument, VectorQueryResult } from '../vector-index-options.js';
import { ExpirySweeper, sweepExpired } from './expiry-sweep.js';
import { definedOnly, parseRecord, RECORD_VERSION, schemaRecord } from './schema-record.js';
import {
  type Hit,
  parseHits,
  parseVectorSetInfo,
  probeVector,
  readCommand,
  type SearchCommandOptions,
  searchCommand,
  writeCommands,
} from './vector-set-commands.js';

/** Elements a filtered delete removes per round. */
const DELETE_BATCH = 1000;
/** VSIM rounds a query makes at most, to replace expired documents it met. */
const MAX_QUERY_ROUNDS = 3;
/**
 * The graph nodes a filtered search may expand (VSIM's `FILTER-EF`), per result it must gather;
 * never less than VSIM's own default of 100 per result returned. Past that budget the search
 * gives up and the query scans instead (see `#filteredHits`).
 */
const FILTER_EF_PER_GATHERED = 10;
const FILTER_EF_PER_RETURNED = 100;

/** The vector-set engine: one vector set per index, a hash per document. */
export class VectorSetEngine implements VectorIndexEngine {
  readonly kind = 'vector-set';
  readonly #context: EngineContext;
  readonly #sweeper: ExpirySweeper;
  readonly #epsilon: boolean;
  /** Whether the index's elements list tag fields without a value (record version 2 on). */
  #tagsListedMissing = false;

  constructor(context: EngineContext) {
    this.#context = context;
    this.#sweeper = new ExpirySweeper(
      () => sweepExpired(context.connection, context.keys),
      context.now,
      context.onError,
    );
    this.#epsilon = compareVersions(context.capabilities.redisVersion, '8.0.2') >= 0;
  }
  documentKey(id: string): string {
    return this.#context.keys.taggedDocument(id);
  }

  compileFilter(node: FilterNode): string {
    const tagFields = new Set(
      this.#context.schema().fields.flatMap(({ name, type }) => (type === 'tag' ? [name] : [])),
    );
    return compileVectorSetFilter(node, { tagsListedMissing: this.#tagsListedMissing, tagFields });
  }

  async load(): Promise<ExistingSchema | undefined> {
    const { keys } = this.#context;
    const [record, info] = await Promise.all([
      this.#send(['GET', keys.schemaRecord], 'read the index schema'),
      this.#send(['VINFO', keys.vectorSet], 'read the index schema', { mapsAsArrays: true }),
    ]);
    const text = replyToString(record);
    const stored = text === undefined ? undefined : parseRecord(text, keys.schemaRecord);
    this.#tagsListedMissing = (stored?.version ?? 1) >= RECORD_VERSION;
    const present = parseVectorSetInfo(info);
    if (stored === undefined && present === undefined) return undefined;
    // What the vector set itself holds wins over the record: a difference then shows.
    const { version: _, ...recorded } = stored ?? {};
    return { ...recorded, ...definedOnly(present ?? {}) };
  }

  async create(): Promise<boolean> {
    const record = schemaRecord(this.#context.schema());
    const { keys } = this.#context;
    const reply = await this.#send(['SET', keys.schemaRecord, record, 'NX'], 'create the index');
    const created = reply !== null && reply !== undefined;
    if (created) this.#tagsListedMissing = true;
    return created;
  }

  async drop(deleteDocuments: boolean): Promise<void> {
    const { keys, connection } = this.#context;
    await this.#sweeper.settle();
    if (deleteDocuments) await unlinkKeys(connection, keys.taggedDocumentPattern);
    await this.#send(
      ['UNLINK', keys.vectorSet, keys.expiries, keys.schemaRecord],
      'drop the index',
    );
  }

  async count(): Promise<number> {
    const { connection, keys } = this.#context;
    await this.#sweeper.settle();
    await sweepExpired(connection, keys);
    return replyToNumber(await this.#send(['VCARD', keys.vectorSet], 'count documents')) ?? 0;
  }

  async write(documents: readonly PreparedDocument[]): Promise<void> {
    const { connection, keys, schema } = this.#context;
    await Promise.all(
      documents.map((document) =>
        runCommand(
          () =>
            connection.multi(
              writeCommands(document, keys, schema(), this.#context.expireWithDocuments),
              { key: keys.vectorSet },
            ),
          `write document "${document.id}" to index "${keys.name}"`,
        ),
      ),
    );
    this.#sweeper.poke();
  }

  async remove(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const { connection, keys } = this.#context;
    const commands: RedisArgument[][] = ids.flatMap((id) => [
      ['VREM', keys.vectorSet, id],
      ['DEL', keys.taggedDocument(id)],
    ]);
    commands.push(['ZREM', keys.expiries, ...ids]);
    const replies = await runCommand(
      () => connection.multi(commands, { key: keys.vectorSet }),
      `delete documents of index "${keys.name}"`,
    );
    let removed = 0;
    for (let index = 0; index < ids.length; index++) {
      if (Number(replies[2 * index]) > 0 || Number(replies[2 * index + 1]) > 0) removed++;
    }
    return removed;
  }

  async removeWhere(filter: string): Promise<number> {
    const { dimension } = this.#context.schema();
    if (dimension === undefined) return 0;
    let removed = 0;
    for (;;) {
      // TRUTH scans every element, so the filter alone decides; distance plays no part.
      const hits = await this.#vsim(
        { vector: probeVector(dimension), filter, distanceThreshold: undefined, efRuntime: 0 },
        { count: DELETE_BATCH, epsilon: false, truth: true },
      );
      const count = await this.remove(hits.map((hit) => hit.id));
      removed += count;
      if (hits.length < DELETE_BATCH || count === 0) return removed;
    }
  }

  async read(
    ids: readonly string[],
    withVectors: boolean,
  ): Promise<(StoredDocument | undefined)[]> {
    if (ids.length === 0) return [];
    const { keys } = this.#context;
    const reply = await this.#send(readCommand(keys, ids, withVectors), 'read documents', {
      readonly: true,
    });
    const rows = Array.isArray(reply) ? reply : [];
    return ids.map((id, index) => {
      const row = rows[index];
      const document = readStored(id, keys.taggedDocument(id), row);
      if (document && withVectors) {
        const vector = Array.isArray(row) ? row[2] : undefined;
        // The element went away between the hash and the vector: treat the document as gone.
        if (!Array.isArray(vector)) return undefined;
        document.vector = vector.map((value) => replyToNumber(value) ?? Number.NaN);
      }
      return document;
    });
  }

  checkHybridSearch(): never {
    throw new CapabilityError(
      `index "${this.#context.keys.name}" runs on vector sets, which have no full-text index for a hybrid query; use the query-engine engine (a server with the Redis Query Engine), or a vector-only search`,
    );
  }

  async hybridSearch(): Promise<never> {
    this.checkHybridSearch();
  }

  async search(query: PreparedQuery): Promise<VectorQueryResult[]> {
    let count = query.k;
    let results: VectorQueryResult[] = [];
    // Once the graph could not serve the filter, later rounds go straight to the scan.
    let scan = false;
    for (let round = 1; ; round++) {
      let hits: Hit[];
      if (query.filter === undefined) {
        hits = await this.#vsim(query, { count, epsilon: this.#epsilon });
      } else {
        ({ hits, scanned: scan } = await this.#filteredHits(query, count, scan));
      }
      const near = hits.filter(
        (hit) => query.distanceThreshold === undefined || hit.distance <= query.distanceThreshold,
      );
      const documents = await this.read(
        near.map((hit) => hit.id),
        query.returnVectors,
      );
      results = [];
      near.forEach((hit, index) => {
        const document = documents[index];
        if (document) results.push({ ...document, distance: hit.distance });
      });
      const expired = near.length - results.length;
      if (expired > 0) this.#sweeper.poke(true);
      else this.#sweeper.poke();
      // Another round only helps when expired documents took places that more hits could fill.
      const exhausted = hits.length < count || near.length < hits.length;
      if (results.length >= query.k || exhausted || expired === 0 || round >= MAX_QUERY_ROUNDS) {
        return results.slice(0, query.k);
      }
      count = Math.min(10_000, count + 2 * expired);
    }
  }

  /**
   * The `count` nearest elements that match the filter. A graph search with a filter visits the
   * graph as usual and keeps only matching elements, until it holds `ef` of them or has expanded
   * its budget of nodes (`FILTER-EF`): with a selective filter it gives up early and returns too
   * few, or matches far from the nearest (at 1 match in 100 of 100k elements, VSIM's default
   * budget returns 86% of the true top 10; at 1 in 10,000, 5%). So the graph search asks for all
   * `ef` results it gathers: when it returns them all, the filter did not starve it and its top
   * `count` is as good as an unfiltered search's (approximate, as HNSW is); when it returns fewer,
   * the query scans every element instead (TRUTH): exact, at a cost linear in the set's size
   * (see the README).
   */
  async #filteredHits(
    query: Pick<PreparedQuery, 'vector' | 'filter' | 'distanceThreshold' | 'efRuntime'>,
    count: number,
    scan: boolean,
  ): Promise<{ hits: Hit[]; scanned: boolean }> {
    if (!scan) {
      const gathered = Math.max(count, query.efRuntime);
      const filterEf = Math.max(gathered * FILTER_EF_PER_GATHERED, count * FILTER_EF_PER_RETURNED);
      const hits = await this.#vsim(
        { ...query, distanceThreshold: undefined },
        { count: gathered, epsilon: false, filterEf },
      );
      if (hits.length >= gathered) return { hits: hits.slice(0, count), scanned: false };
    }
    const hits = await this.#vsim(query, { count, epsilon: this.#epsilon, truth: true });
    return { hits, scanned: true };
  }

  async #vsim(
    query: Pick<PreparedQuery, 'vector' | 'filter' | 'distanceThreshold' | 'efRuntime'>,
    options: SearchCommandOptions,
  ): Promise<Hit[]> {
    const command = searchCommand(this.#context.keys, query, options);
    return parseHits(await this.#send(command, 'query', { readonly: true, mapsAsArrays: true }));
  }

  #send(
    command: RedisArgument[],
    what: string,
    options: { readonly?: boolean; mapsAsArrays?: boolean } = {},
  ): Promise<unknown> {
    const { connection, keys } = this.#context;
    return runCommand(
      () => connection.send(command, { key: keys.vectorSet, ...options }),
      `${what} of index "${keys.name}"`,
    );
  }
}
