import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import {
  createVectorIndex,
  InvalidArgumentError,
  type RedisConnection,
  tag,
  VECTOR_ENGINE,
  type VectorDocument,
  type VectorEngineOption,
  type VectorIndex,
} from '@x/redis-core';
import { hashText, validateVector } from '@x/redis-core/internal';
import { pathOf } from './store-keys.js';
import { parsePath, textsAt } from './store-texts.js';

/**
 * Semantic search for {@link RedisStore}: LangGraph's `IndexConfig` (as `InMemoryStore` takes
 * it), and the vector engine of `@x/redis-core` to run it on.
 */
export interface RedisStoreIndexConfig {
  /** Dimensions of the embeddings' vectors. */
  dims: number;
  /** The model that embeds the items' texts and the search queries. */
  embeddings: EmbeddingsInterface;
  /**
   * The paths of the value whose text is embedded, as LangGraph writes them (`"text"`,
   * `"metadata.title"`, `"chapters[*].content"`); an item gets one vector per text found.
   * A `put` may name others for its item, or `false` for none. @default ['$'] (the whole value)
   */
  fields?: string[];
  /**
   * `vector-set` (Redis 8), `query-engine` (Redis Query Engine), or `auto`: the Query Engine
   * when the server has it, else vector sets. @default 'auto'
   */
  engine?: VectorEngineOption;
}

/** A text of an item to embed: where it was found (`path`, or `path.i` for one of several). */
interface FieldText {
  field: string;
  text: string;
}

/** A vector of an item, as found by a search. */
export interface VectorHit {
  path: string;
  key: string;
  /** The write of the item the vector was made for. */
  version: string;
  /** Cosine similarity with the query, in [-1, 1]. */
  score: number;
}

/** The vectors an item's write brings, per field, and the fields it indexes. */
export type ItemVectors = { field: string; vector: number[] }[];

/** What an item's previous write left in the index: its version and the fields it embedded. */
export interface PreviousVectors {
  version: string | undefined;
  fields: readonly string[];
}

/**
 * The vectors of a store's items, in one vector index of `@x/redis-core` (`<prefix>:vectors`).
 * A document is one text of one write of an item; its metadata holds the item's path and key,
 * the namespace and every ancestor of it (the tag `ns` a search filters on, so that the
 * engine only ranks vectors under the searched prefix) and the version of the item's write.
 * A vector whose version is not the item's is stale (a crash, or another writer, came between
 * the item and its vectors): searches skip it, so an item is never found by text it no longer
 * holds.
 */
export class StoreVectors {
  readonly index: VectorIndex;
  readonly #config: RedisStoreIndexConfig;
  readonly #fields: readonly string[];
  readonly #ttl: number | undefined;

  /**
   * @param ttl seconds each vector lives after its write, as its item does.
   * @throws {InvalidArgumentError} for a bad `index` option.
   */
  constructor(
    connection: RedisConnection,
    prefix: string,
    config: RedisStoreIndexConfig,
    ttl: number | undefined,
  ) {
    checkConfig(config);
    this.#config = config;
    this.#ttl = ttl;
    this.#fields = config.fields ?? ['$'];
    this.index = createVectorIndex(connection, {
      name: `${prefix}:vectors`,
      engine: config.engine ?? VECTOR_ENGINE.auto,
      schema: { dimension: config.dims, fields: [{ name: 'ns', type: 'tag' }] },
    });
  }

  /**
   * The vectors of items about to be written, embedded in one call for the whole batch (each
   * distinct text once); `index` is the put's own choice of fields, `false` for none.
   *
   * @throws {DimensionMismatchError} or {@link InvalidVectorError} for a vector the model
   *   returned that the index cannot hold; {@link SchemaMismatchError} when the index exists
   *   with other dimensions. Nothing is written before.
   */
  async embed(
    values: readonly { value: Record<string, unknown>; index?: false | string[] }[],
  ): Promise<ItemVectors[]> {
    const texts = values.map(({ value, index }) => this.#texts(value, index));
    const distinct = [...new Set(texts.flat().map(({ text }) => text))];
    if (distinct.length === 0) return texts.map(() => []);
    const vectors = await this.#config.embeddings.embedDocuments(distinct);
    if (!Array.isArray(vectors) || vectors.length !== distinct.length) {
      throw new InvalidArgumentError(
        `the embeddings returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${distinct.length} texts`,
      );
    }
    const byText = new Map(
      distinct.map((text, position) => [
        text,
        [...validateVector(vectors[position], this.#config.dims)],
      ]),
    );
    // The index exists, with these dimensions, before an item is written for it.
    await this.index.ensure();
    return texts.map((found) =>
      found.map(({ field, text }) => ({ field, vector: byText.get(text) as number[] })),
    );
  }

  /** Embeds a search query. */
  embedQuery(query: string): Promise<number[]> {
    return this.#config.embeddings.embedQuery(query);
  }

  /**
   * Writes the vectors of an item's write `version`, then deletes those of the write it
   * replaced. Each write's vectors have ids of their own: two writers of one item never
   * overwrite or delete each other's, and the item's version says which ones count.
   */
  async write(
    path: string,
    key: string,
    version: string,
    vectors: ItemVectors,
    previous: PreviousVectors,
  ): Promise<void> {
    const ns = ancestors(path);
    const documents: VectorDocument[] = vectors.map(({ field, vector }) => ({
      id: vectorId(path, key, field, version),
      vector,
      content: '',
      metadata: { ns, path, key, version },
      ...(this.#ttl === undefined ? {} : { ttl: this.#ttl }),
    }));
    // The two sets of ids never meet: one round trip for both.
    await Promise.all([
      documents.length > 0 ? this.index.upsert(documents) : undefined,
      this.remove(path, key, previous),
    ]);
  }

  /** Deletes the vectors of an item's write (its version and the fields it embedded). */
  async remove(path: string, key: string, previous: PreviousVectors): Promise<void> {
    const { version, fields } = previous;
    if (version === undefined || fields.length === 0) return;
    await this.index.delete(fields.map((field) => vectorId(path, key, field, version)));
  }

  /**
   * The `k` vectors nearest to `vector` among the items under `namespacePrefix`, nearest
   * first; `exhausted` when there are no more.
   */
  async search(
    namespacePrefix: readonly string[],
    vector: number[],
    k: number,
  ): Promise<{ hits: VectorHit[]; exhausted: boolean }> {
    const results = await this.index.query({
      vector,
      k,
      ...(namespacePrefix.length > 0 ? { filter: tag('ns').eq(pathOf(namespacePrefix)) } : {}),
    });
    const hits: VectorHit[] = [];
    for (const result of results) {
      const { path, key, version } = result.metadata;
      if (typeof path !== 'string' || typeof key !== 'string' || typeof version !== 'string') {
        continue;
      }
      hits.push({ path, key, version, score: 1 - result.distance });
    }
    return { hits, exhausted: results.length < k };
  }

  /** The texts of a value to embed, as `InMemoryStore` finds them. */
  #texts(value: Record<string, unknown>, index: false | string[] | undefined): FieldText[] {
    if (index === false) return [];
    const fields = index == null ? this.#fields : checkFields(index, 'the `index` of a put');
    const found: FieldText[] = [];
    for (const field of fields) {
      const texts = textsAt(value, field);
      if (texts.length === 1) found.push({ field, text: texts[0] as string });
      else {
        for (const [position, text] of texts.entries()) {
          found.push({ field: `${field}.${position}`, text });
        }
      }
    }
    return found;
  }
}

/**
 * The id of the vector of one field of one write of an item: a hash, so that its length is
 * fixed whatever the path, key and field (an id becomes a key segment).
 */
function vectorId(path: string, key: string, field: string, version: string): string {
  return hashText(JSON.stringify([path, key, field, version]));
}

/** A path and every path above it: `a.b.c` → `a`, `a.b`, `a.b.c`. */
function ancestors(path: string): string[] {
  const labels = path.split('.');
  return labels.map((_, depth) => labels.slice(0, depth + 1).join('.'));
}

function checkFields(fields: unknown, what: string): string[] {
  if (
    !Array.isArray(fields) ||
    !fields.every((field) => typeof field === 'string' && field.length > 0)
  ) {
    throw new InvalidArgumentError(`${what} must be an array of non-empty field paths`);
  }
  for (const field of fields) parsePath(field);
  return fields;
}

function checkConfig(config: RedisStoreIndexConfig): void {
  if (typeof config !== 'object' || config === null) {
    throw new InvalidArgumentError('`index` must be { dims, embeddings, fields? }');
  }
  if (!Number.isInteger(config.dims) || config.dims < 1) {
    throw new InvalidArgumentError(
      `\`index.dims\` must be a positive whole number, got ${String(config.dims)}`,
    );
  }
  const { embeddings } = config;
  if (
    typeof embeddings?.embedQuery !== 'function' ||
    typeof embeddings.embedDocuments !== 'function'
  ) {
    throw new InvalidArgumentError('`index.embeddings` must be LangChain embeddings');
  }
  if (config.fields !== undefined) checkFields(config.fields, '`index.fields`');
}
