import type { RedisArgument, SendOptions } from '../../connection-options.js';
import { compileQueryEngineFilter, type FilterNode } from '../../filter/index.js';
import { toRedisOperationError } from '../../redis-operation-error.js';
import { replyToNumber, replyToString } from '../../reply.js';
import { unlinkKeys } from '../../scan.js';
import { decodeVector } from '../../vector-encoding.js';
import type {
  EngineContext,
  PreparedDocument,
  PreparedQuery,
  VectorIndexEngine,
} from '../engine.js';
import { readStored, runCommand } from '../engine-helpers.js';
import type { ExistingSchema } from '../resolve-schema.js';
import type { StoredDocument, VectorQueryResult } from '../vector-index-options.js';
import {
  createCommand,
  matchingKeysCommand,
  searchCommand,
  VECTOR_FIELD,
  writeCommands,
} from './query-engine-commands.js';
import {
  existingSchema,
  parseInfoReply,
  parseSearchReply,
  searchResults,
} from './query-engine-replies.js';

/** Documents a filtered delete removes per round. */
const DELETE_BATCH = 1000;

/** The query-engine engine: hashes under the index's prefix, indexed by `FT.CREATE`. */
export class QueryEngineEngine implements VectorIndexEngine {
  readonly kind = 'query-engine';
  readonly #context: EngineContext;

  constructor(context: EngineContext) {
    this.#context = context;
  }

  documentKey(id: string): string {
    return this.#context.keys.document(id);
  }

  compileFilter(node: FilterNode): string {
    return compileQueryEngineFilter(node);
  }

  async load(): Promise<ExistingSchema | undefined> {
    if (!(await this.#listed())) return undefined;
    const { keys } = this.#context;
    return existingSchema(await this.#info(), keys.documentPrefix);
  }

  async create(): Promise<boolean> {
    const { connection, keys, schema } = this.#context;
    try {
      await connection.send(createCommand(keys, schema()));
      return true;
    } catch (error) {
      // Another client may have created it meanwhile; the caller then checks its schema.
      if (await this.#listed()) return false;
      throw toRedisOperationError(error, `create index "${keys.name}"`);
    }
  }

  async drop(deleteDocuments: boolean): Promise<void> {
    const { keys, connection } = this.#context;
    if (await this.#listed()) {
      const command = ['FT.DROPINDEX', keys.name, ...(deleteDocuments ? ['DD'] : [])];
      await this.#send(command, 'drop');
    } else if (deleteDocuments) {
      await unlinkKeys(connection, keys.documents.pattern('doc'));
    }
  }

  async count(): Promise<number> {
    return (await this.#info()).documents;
  }

  async write(documents: readonly PreparedDocument[]): Promise<void> {
    const { connection, keys, schema } = this.#context;
    await Promise.all(
      documents.map((document) => {
        const key = keys.document(document.id);
        return runCommand(
          () => connection.multi(writeCommands(document, keys, schema()), { key }),
          `write document "${document.id}" to index "${keys.name}"`,
        );
      }),
    );
  }

  async remove(ids: readonly string[]): Promise<number> {
    const { keys } = this.#context;
    const replies = await Promise.all(
      ids.map((id) => {
        const key = keys.document(id);
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
      const { rows } = parseSearchReply(reply, true);
      const ids = rows
        .map((row) => keys.documents.idOf('doc', row.key))
        .filter((id): id is string => id !== undefined);
      const count = await this.remove(ids);
      removed += count;
      if (rows.length < DELETE_BATCH || count === 0) return removed;
    }
  }

  async read(
    ids: readonly string[],
    withVectors: boolean,
  ): Promise<(StoredDocument | undefined)[]> {
    const { keys, schema } = this.#context;
    const fields = ['content', 'metadata', ...(withVectors ? [VECTOR_FIELD] : [])];
    return Promise.all(
      ids.map(async (id) => {
        const key = keys.document(id);
        const reply = await this.#send(['HMGET', key, ...fields], 'read documents', {
          key,
          readonly: true,
          buffers: withVectors,
        });
        const document = readStored(id, key, reply);
        const blob = Array.isArray(reply) ? reply[2] : undefined;
        if (document && withVectors && Buffer.isBuffer(blob)) {
          document.vector = decodeVector(blob, schema().datatype);
        }
        return document;
      }),
    );
  }

  async search(query: PreparedQuery): Promise<VectorQueryResult[]> {
    const { keys, schema } = this.#context;
    const reply = await this.#send(searchCommand(keys, schema(), query), 'query', {
      readonly: true,
      mapsAsArrays: true,
      buffers: query.returnVectors,
    });
    return searchResults(reply, keys, query, schema().datatype);
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
