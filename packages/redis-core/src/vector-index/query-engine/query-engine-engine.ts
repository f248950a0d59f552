import type { RedisArgument, SendOptions } from '../../connection-options.js';
import { CapabilityError, InvalidArgumentError } from '../../errors.js';
import { compileQueryEngineFilter, type FilterNode } from '../../filter/index.js';
import { toRedisOperationError } from '../../redis-operation-error.js';
import { replyToNumber, replyToString } from '../../reply.js';
import { unlinkKeys } from '../../scan.js';
import { decodeVector } from '../../vector-encoding.js';
import type {
  EngineContext,
  PreparedDocument,
  PreparedHybridSearch,
  PreparedQuery,
  VectorIndexEngine,
} from '../engine.js';
import { runCommand } from '../engine-helpers.js';
import type { TextCandidate, VectorCandidate } from '../hybrid.js';
import type { ExistingSchema } from '../resolve-schema.js';
import type { StoredDocument, VectorQueryResult } from '../vector-index-options.js';
import {
  attachedLayout,
  type DocumentLayout,
  ownLayout,
  queryAttribute,
} from './document-layout.js';
import { HybridPolicyPlanner } from './hybrid-policy.js';
import {
  countCommand,
  createCommand,
  DELETE_BATCH,
  matchingKeysCommand,
  searchCommand,
  storedFields,
  supportsHybridPolicy,
  supportsIndexMissing,
  textSearchCommand,
  writeCommands,
} from './query-engine-commands.js';
import {
  existingSchema,
  parseInfoReply,
  parseSearchReply,
  searchResults,
  storedDocument,
} from './query-engine-replies.js';
import { textCandidates } from './text-candidates.js';

/** The query-engine engine: hashes under the index's prefix, indexed by `FT.CREATE`. */
export class QueryEngineEngine implements VectorIndexEngine {
  readonly kind = 'query-engine';
  readonly #context: EngineContext;
  readonly #layout: DocumentLayout;
  /** Whether the index has its content as full text (`load` or `create` tells). */
  #fullText = false;
  /** The declared fields the index finds documents without (`INDEXMISSING`). */
  #indexMissing = new Set<string>();
  /** Whether a filtered KNN searches the graph in batches. */
  readonly #planner = new HybridPolicyPlanner({
    count: async (filter) => {
      const command = countCommand(this.#context.keys, filter);
      return parseSearchReply(await this.#send(command, 'count', { readonly: true })).total;
    },
    size: () => this.count(),
  });

  constructor(context: EngineContext) {
    this.#context = context;
    this.#layout =
      context.existingIndex === undefined
        ? ownLayout(context.keys)
        : attachedLayout(context.existingIndex);
  }

  documentKey(id: string): string {
    return this.#layout.key(id);
  }

  compileFilter(node: FilterNode): string {
    const layout = this.#layout;
    return compileQueryEngineFilter(node, {
      attribute: (field) => queryAttribute(layout.attribute(field)),
      tag: (value, field) => layout.queryTag(value, field),
      checkMissing: (field) => {
        if (this.#indexMissing.has(field)) return;
        throw new CapabilityError(
          `isMissing("${field}"): index "${this.#context.keys.name}" does not index documents without that field (INDEXMISSING, RediSearch 2.10 on; the index was made without it, or the server is older); recreate the index on such a server to filter on missing values`,
        );
      },
    });
  }

  async load(): Promise<ExistingSchema | undefined> {
    if (!(await this.#listed())) {
      if (this.#layout.owned) return undefined;
      throw new InvalidArgumentError(
        `index "${this.#context.keys.name}" does not exist: \`existingIndex\` attaches to an index another library made, and never creates one`,
      );
    }
    const info = await this.#info();
    const { fields } = this.#context.schema();
    const { fullText, indexMissing, ...schema } = existingSchema(info, this.#layout, fields);
    this.#fullText = fullText;
    this.#indexMissing = indexMissing;
    return schema;
  }

  async create(): Promise<boolean> {
    const { connection, keys, schema } = this.#context;
    try {
      const indexMissing = supportsIndexMissing(this.#context.capabilities);
      await connection.send(createCommand(keys, schema(), { indexMissing }));
      this.#planner.forget();
      this.#fullText = true;
      if (indexMissing) this.#indexMissing = new Set(schema().fields.map(({ name }) => name));
      return true;
    } catch (error) {
      // Another client may have created it meanwhile; the caller then checks its schema.
      if (await this.#listed()) return false;
      throw toRedisOperationError(error, `create index "${keys.name}"`);
    }
  }

  async drop(deleteDocuments: boolean): Promise<void> {
    const { keys, connection } = this.#context;
    this.#planner.forget();
    if (await this.#listed()) {
      const command = ['FT.DROPINDEX', keys.name, ...(deleteDocuments ? ['DD'] : [])];
      await this.#send(command, 'drop');
    } else if (deleteDocuments && this.#layout.owned) {
      await unlinkKeys(connection, keys.documents.pattern('doc'));
    }
  }

  async count(): Promise<number> {
    return (await this.#info()).documents;
  }

  async write(documents: readonly PreparedDocument[]): Promise<void> {
    const { connection, keys, schema } = this.#context;
    const layout = this.#layout;
    // Everything is checked (a tag that would not read back, ...) before anything is sent.
    const transactions = documents.map((document) => writeCommands(document, layout, schema()));
    await Promise.all(
      documents.map((document, index) => {
        const key = layout.key(document.id);
        return runCommand(
          () => connection.multi(transactions[index] ?? [], { key }),
          `write document "${document.id}" to index "${keys.name}"`,
        );
      }),
    );
  }

  async remove(ids: readonly string[]): Promise<number> {
    const replies = await Promise.all(
      ids.map((id) => {
        const key = this.#layout.key(id);
        return this.#send(['DEL', key], 'delete documents', { key });
      }),
    );
    return replies.reduce<number>((sum, reply) => sum + (replyToNumber(reply) ?? 0), 0);
  }

  async removeWhere(filter: string): Promise<number> {
    const { keys } = this.#context;
    let removed = 0;
    for (;;) {
      const reply = await this.#send(matchingKeysCommand(keys, filter, DELETE_BATCH), 'query', {
        mapsAsArrays: true,
      });
      const { rows } = parseSearchReply(reply, { noContent: true });
      const ids = rows
        .map((row) => this.#layout.idOf(row.key))
        .filter((id): id is string => id !== undefined);
      const count = await this.remove(ids);
      removed += count;
      if (count > 0) this.#planner.forget();
      if (rows.length < DELETE_BATCH || count === 0) return removed;
    }
  }

  async read(
    ids: readonly string[],
    withVectors: boolean,
  ): Promise<(StoredDocument | undefined)[]> {
    const { schema } = this.#context;
    const layout = this.#layout;
    const fields = [
      ...storedFields(schema(), layout),
      ...(withVectors ? [layout.vectorField] : []),
    ];
    return Promise.all(
      ids.map(async (id) => {
        const key = layout.key(id);
        const reply = await this.#send(['HMGET', key, ...fields], 'read documents', {
          key,
          readonly: true,
          buffers: withVectors,
        });
        const values = Array.isArray(reply) ? reply : [];
        const record = Object.fromEntries(fields.map((field, index) => [field, values[index]]));
        const document = storedDocument(id, key, record, schema(), layout);
        const blob = record[layout.vectorField];
        if (document && withVectors && Buffer.isBuffer(blob)) {
          document.vector = decodeVector(blob, schema().datatype);
        }
        return document;
      }),
    );
  }

  async search(query: PreparedQuery): Promise<VectorQueryResult[]> {
    const { keys, schema } = this.#context;
    const planned = this.#planned(query);
    const reply = await this.#send(searchCommand(keys, schema(), planned, this.#layout), 'query', {
      readonly: true,
      mapsAsArrays: true,
      buffers: query.returnVectors,
    });
    return searchResults(reply, this.#layout, query, schema());
  }

  checkHybridSearch(): void {}

  async hybridSearch(
    query: PreparedHybridSearch,
  ): Promise<{ vector: VectorCandidate[]; text: TextCandidate[] }> {
    const { keys, schema } = this.#context;
    const layout = this.#layout;
    if (!this.#fullText) {
      const made = layout.owned ? ' (it was made by an earlier version)' : '';
      throw new CapabilityError(
        `index "${keys.name}" does not index its documents' content as full text${made}; add it with \`FT.ALTER ${keys.name} SCHEMA ADD ${layout.contentField} TEXT\` (the server then indexes the documents it holds), or recreate the index`,
      );
    }
    const vectorQuery = this.#planned({
      vector: query.vector,
      k: query.candidates,
      filter: query.filter,
      distanceThreshold: undefined,
      returnVectors: false,
      efRuntime: query.efRuntime,
    });
    // Both searches leave in the same tick: node-redis writes them together, one round trip.
    const [vectorReply, textReply] = await Promise.all([
      this.#send(searchCommand(keys, schema(), vectorQuery, layout), 'query', {
        readonly: true,
        mapsAsArrays: true,
      }),
      query.terms.length === 0
        ? undefined
        : this.#send(
            textSearchCommand(keys, schema(), layout, {
              terms: query.terms,
              filter: query.filter,
              count: query.candidates,
            }),
            'query',
            {
              readonly: true,
              mapsAsArrays: true,
              buffers: true,
            },
          ),
    ]);
    const vector = searchResults(vectorReply, layout, vectorQuery, schema());
    const text = textCandidates(textReply ?? [0], layout, schema(), query.vector);
    return { vector, text };
  }

  /** The query, with batches asked for where the planner knows they win. */
  #planned(query: PreparedQuery): PreparedQuery {
    const { filter, k } = query;
    const { algorithm, dimension, m } = this.#context.schema();
    if (filter === undefined || algorithm !== 'HNSW' || dimension === undefined) return query;
    if (!supportsHybridPolicy(this.#context.capabilities)) return query;
    return { ...query, batches: this.#planner.useBatches(filter, { k, dimension, m }) };
  }

  async #listed(): Promise<boolean> {
    const reply = await this.#send(['FT._LIST'], 'list indexes', { readonly: true });
    const name = this.#context.keys.name;
    return Array.isArray(reply) && reply.some((item) => replyToString(item) === name);
  }

  async #info() {
    const { keys } = this.#context;
    const reply = await this.#send(['FT.INFO', keys.name], 'read the schema', {
      readonly: true,
      mapsAsArrays: true,
    });
    return parseInfoReply(reply);
  }

  #send(command: RedisArgument[], what: string, options: SendOptions = {}): Promise<unknown> {
    const { connection, keys } = this.#context;
    return runCommand(() => connection.send(command, options), `${what} of index "${keys.name}"`);
  }
}
