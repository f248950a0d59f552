import { detectCapabilities } from '../capabilities.js';
import { SchemaMismatchError } from '../errors.js';
import { RedisOperationError } from '../redis-operation-error.js';
import type { EngineContext, VectorIndexEngine } from './engine.js';
import type { IndexRuntime } from './index-queries.js';
import { QueryEngineEngine } from './query-engine/query-engine-engine.js';
import { type ExistingSchema, type ResolvedSchema, schemaDifferences } from './resolve-schema.js';
import { selectEngine } from './select-engine.js';
import type { VectorEngineOption } from './vector-index-options.js';
import { VectorSetEngine } from './vector-set/vector-set-engine.js';

/** What an index's engine is made with, but for what the server tells and the schema. */
export type EngineSettings = Omit<EngineContext, 'capabilities' | 'schema'>;

/**
 * Where a `VectorIndex` stands with its server: the engine (picked once, asking the server what
 * it offers), whether the index exists, and the schema as far as it is known. It opens the index
 * lazily, creating it when missing (once the dimension is known) or checking the existing one,
 * and makes it again when it vanishes in the middle of a call.
 */
export class IndexLifecycle implements IndexRuntime {
  readonly #name: string;
  readonly #requested: VectorEngineOption;
  readonly #asked: ResolvedSchema;
  readonly #settings: EngineSettings;
  #schema: ResolvedSchema;
  #engine: Promise<VectorIndexEngine> | undefined;
  #opening: Promise<VectorIndexEngine> | undefined;
  #exists = false;

  constructor(
    name: string,
    requested: VectorEngineOption,
    schema: ResolvedSchema,
    settings: EngineSettings,
  ) {
    this.#name = name;
    this.#requested = requested;
    this.#asked = schema;
    this.#schema = schema;
    this.#settings = settings;
  }

  name(): string {
    return this.#name;
  }

  /** The schema asked for, with the dimension once known. */
  schema(): ResolvedSchema {
    return this.#schema;
  }

  /** Whether the index exists (known once opened). */
  exists(): boolean {
    return this.#exists;
  }

  /** The engine, made once per index (a failed attempt is tried again next time). */
  engine(): Promise<VectorIndexEngine> {
    this.#engine ??= detectCapabilities(this.#settings.connection).then((capabilities) => {
      const kind = selectEngine(this.#requested, capabilities, this.#schema);
      const context = { ...this.#settings, capabilities, schema: () => this.#schema };
      return kind === 'vector-set' ? new VectorSetEngine(context) : new QueryEngineEngine(context);
    });
    this.#engine.catch(() => {
      this.#engine = undefined;
    });
    return this.#engine;
  }

  /** The engine, with the index found (and checked) or created when possible. */
  open(): Promise<VectorIndexEngine> {
    if (this.#exists && this.#engine) return this.#engine;
    this.#opening ??= (async () => {
      const engine = await this.engine();
      const existing = await engine.load();
      if (existing) this.#adopt(existing);
      else if (this.#schema.dimension !== undefined) await this.#create(engine);
      return engine;
    })().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /**
   * Creates the missing index with the dimension of the first documents written, unless it
   * exists by now.
   */
  async createFor(engine: VectorIndexEngine, dimension: number | undefined): Promise<void> {
    if (this.#exists) return;
    this.#schema = { ...this.#schema, dimension };
    await this.#create(engine);
  }

  /** Forgets what was learnt of the index, once it was dropped. */
  dropped(): void {
    this.#opening = undefined;
    this.#exists = false;
    this.#schema = this.#asked;
  }

  /**
   * Runs `call`; when it fails because the index is gone (dropped by another client, or the
   * server lost its data), opens the index again, which creates it anew from the known schema
   * (indexing the documents still under its prefix), and runs `call` once more.
   */
  async recovering<T>(
    engine: VectorIndexEngine,
    call: (engine: VectorIndexEngine) => Promise<T>,
  ): Promise<T> {
    try {
      return await call(engine);
    } catch (error) {
      if (!RedisOperationError.isInstance(error) || error.reason !== 'missing-index') throw error;
      this.#exists = false;
      const reopened = await this.open();
      if (!this.#exists) throw error;
      return call(reopened);
    }
  }

  async #create(engine: VectorIndexEngine): Promise<void> {
    if (!(await engine.create())) {
      const existing = await engine.load();
      if (existing) this.#adopt(existing);
    }
    this.#exists = true;
  }

  /** Checks an existing index against the schema and takes its dimension. */
  #adopt(existing: ExistingSchema): void {
    const differences = schemaDifferences(this.#schema, existing);
    if (differences.length > 0) {
      throw new SchemaMismatchError(
        `index "${this.#name}" exists with another schema (${differences.join('; ')}); use the schema it was created with, or drop it`,
        differences,
      );
    }
    if (this.#schema.dimension === undefined && existing.dimension !== undefined) {
      this.#schema = { ...this.#schema, dimension: existing.dimension };
    }
    this.#exists = true;
  }
}
